import type { MetaFunction } from '@remix-run/node';
import type { RootData } from '../root.tsx';
import { type MessageKey, translator } from './i18n.ts';

/** A page's <title> in the school's language, for pages whose loader has no title of its own. */
export const titleFor =
  (key: MessageKey): MetaFunction =>
  ({ matches }) => {
    const root = matches.find((m) => m.id === 'root')?.data as RootData | undefined;
    return [{ title: translator(root?.locale ?? 'en-GB')(key) }];
  };
