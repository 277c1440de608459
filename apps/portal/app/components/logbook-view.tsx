import { Form } from '@remix-run/react';
import type { Translate } from '../lib/i18n.ts';
import { hours, type Logbook, type PracticeEntry } from '../lib/logbook.ts';

/**
 * A learner's logbook: the totals against the school's rule with what is missing (the API's own
 * sentences say why), then the practice drives. `canDecide` marks the drives this viewer may
 * confirm or reject (the guardian who supervised them); those get two buttons in a plain form.
 */
export function LogbookView({
  t,
  book,
  entries,
  canDecide,
}: {
  t: Translate;
  book: Logbook;
  entries: PracticeEntry[];
  canDecide?: (entry: PracticeEntry) => boolean;
}) {
  const figures: [string, string, string][] = [
    [
      'taught',
      t('logbook.taught'),
      `${hours(book.taught.minutes)} · ${hours(book.taught.nightMinutes)} ${t('logbook.night')}`,
    ],
    [
      'practice',
      t('logbook.practice'),
      `${hours(book.practice.confirmed.minutes)} · ${hours(book.practice.confirmed.nightMinutes)} ${t('logbook.night')}`,
    ],
    [
      'credited',
      t('logbook.credited'),
      `${hours(book.credited.totalMinutes)} · ${hours(book.credited.nightMinutes)} ${t('logbook.night')}`,
    ],
  ];
  if (book.requirement && book.missing) {
    figures.push([
      'needed',
      t('logbook.needed'),
      `${hours(book.requirement.totalMinutes)} · ${hours(book.requirement.nightMinutes)} ${t('logbook.night')}`,
    ]);
    figures.push([
      'missing',
      t('logbook.missing'),
      book.missing.totalMinutes === 0 ? t('logbook.done') : hours(book.missing.totalMinutes),
    ]);
    figures.push([
      'missing-night',
      t('logbook.missingNight'),
      book.missing.nightMinutes === 0 ? t('logbook.done') : hours(book.missing.nightMinutes),
    ]);
  }
  return (
    <>
      <section className="card" aria-labelledby="logbook-summary-h">
        <h2 id="logbook-summary-h">
          {t('logbook.summary')} · {book.requirement?.name ?? t('logbook.rules.none')}
        </h2>
        <dl className="logbook-figures">
          {figures.map(([key, label, value]) => (
            <div key={key} data-testid={`logbook-${key}`}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <ul data-testid="logbook-explanation">
          {book.explanation.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="logbook-entries-h">
        <h2 id="logbook-entries-h">{t('logbook.entries')}</h2>
        {entries.length === 0 ? (
          <p>{t('logbook.noEntries')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('logbook.date')}</th>
                <th scope="col">{t('logbook.minutes')}</th>
                <th scope="col">{t('logbook.nightMinutes')}</th>
                <th scope="col">{t('logbook.supervisor')}</th>
                <th scope="col">{t('logbook.status')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="practice-entry" data-status={e.status}>
                  <td>
                    {e.date} {e.start}
                    {e.notes ? <div className="hint">{e.notes}</div> : null}
                  </td>
                  <td>{e.minutes}</td>
                  <td>{e.nightMinutes}</td>
                  <td>{e.supervisorName}</td>
                  <td>
                    {t(`logbook.status.${e.status}`)}
                    {e.status === 'pending' && canDecide?.(e) ? (
                      <Form
                        method="post"
                        className="row-actions"
                        aria-label={t('logbook.actionsFor', { date: e.date, start: e.start })}
                      >
                        <input type="hidden" name="entryId" value={e.id} />
                        <button type="submit" name="intent" value="confirm">
                          {t('logbook.confirm')}
                        </button>
                        <button type="submit" name="intent" value="reject" className="secondary">
                          {t('logbook.reject')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
