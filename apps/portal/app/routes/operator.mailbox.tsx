import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { translator } from '../lib/i18n.ts';
import { operatorPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('operator.mailbox.title');

type Mail = { id: number; at: string; to: string; subject: string; text: string; tenant?: string };

/** Development only: the mail the platform would have sent (the API answers 404 when SMTP is set up). */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await operatorPage(args);
  return { mail: (await api.get<{ data: Mail[] }>('/api/v1/platform/mailbox')).data };
}

/** Links in the text become clickable, so a verification can be completed from here. */
function Linked({ text }: { text: string }) {
  return (
    <p className="mail">
      {text.split(/(https?:\/\/\S+)/).map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </p>
  );
}

export default function Mailbox() {
  const { mail } = useLoaderData<typeof loader>();
  const t = translator(useRoot().locale);
  return (
    <>
      <h1>{t('operator.mailbox.title')}</h1>
      {mail.length === 0 ? <p>{t('operator.mailbox.empty')}</p> : null}
      <ul className="lessons">
        {mail.map((m) => (
          <li key={m.id} className="card" data-testid="mail">
            <h2>{m.subject}</h2>
            <p>{t('operator.mailbox.to', { to: m.to, at: m.at })}</p>
            <Linked text={m.text} />
          </li>
        ))}
      </ul>
    </>
  );
}
