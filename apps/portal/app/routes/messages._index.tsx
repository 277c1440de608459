import { translator } from '../lib/i18n.ts';
import { useRoot } from '../root.tsx';

/** A wide screen with no conversation open (a phone shows the list instead). */
export default function MessagesIndex() {
  const { locale } = useRoot();
  return <p>{translator(locale)('msg.choose')}</p>;
}
