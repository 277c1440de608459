import { Form } from '@remix-run/react';
import { formatDateTime, formatDay, formatTime } from '../lib/format.ts';
import type { Translate } from '../lib/i18n.ts';
import type { AvailabilityException, ExceptionFormResult } from '../lib/time-off.server.ts';
import { FormField } from './form-field.tsx';
import { Toast } from './toast.tsx';

type Where = { locale: string; zone: string };

const isMidnight = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
    new Date(iso),
  ) === '00:00';

/** "Friday 27 November", "Fri 27 Nov, 10:00 – 12:00", or a span of days, read in the school's zone. */
export function describeSpan(e: { start: string; end: string }, { locale, zone }: Where): string {
  if (isMidnight(e.start, zone) && isMidnight(e.end, zone)) {
    const lastDay = new Date(new Date(e.end).getTime() - 1).toISOString();
    const first = formatDay(e.start, locale, zone);
    const last = formatDay(lastDay, locale, zone);
    return first === last ? first : `${first} – ${last}`;
  }
  const sameDay = formatDay(e.start, locale, zone) === formatDay(e.end, locale, zone);
  return `${formatDateTime(e.start, locale, zone)} – ${
    sameDay ? formatTime(e.end, locale, zone) : formatDateTime(e.end, locale, zone)
  }`;
}

/**
 * An instructor's upcoming time off and extra hours, one tap to remove each, and the two forms to
 * add more (each shows the API's complaints beside its own fields).
 */
export function TimeOffSection(props: {
  exceptions: AvailabilityException[];
  result: ExceptionFormResult | null;
  t: Translate;
  where: Where;
}) {
  const { exceptions, result, t, where } = props;
  const mine = (kind: ExceptionFormResult['intent']) => (result?.intent === kind ? result : null);
  const off = mine('time_off');
  const extra = mine('extra_hours');
  const removed = mine('remove');
  const kindName = (k: AvailabilityException['kind']) =>
    k === 'time_off' ? t('timeOff.timeOff') : t('timeOff.extraHours');
  return (
    <>
      <section className="card" aria-labelledby="exceptions-h">
        <h2 id="exceptions-h">{t('timeOff.title')}</h2>
        <p>{t('timeOff.times', { zone: where.zone })}</p>
        {removed?.done ? <Toast>{t('timeOff.removed')}</Toast> : null}
        {removed?.detail ? (
          <p className="error" role="alert">
            {removed.detail}
          </p>
        ) : null}
        {exceptions.length === 0 ? <p>{t('timeOff.empty')}</p> : null}
        <ul className="lessons">
          {exceptions.map((e) => {
            const when = describeSpan(e, where);
            return (
              <li key={e.id} className="card" data-testid="exception" data-kind={e.kind}>
                <strong>{kindName(e.kind)}</strong> · {when}
                {e.reason ? ` · ${e.reason}` : ''}
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="exception" value={e.id} />
                  <button
                    type="submit"
                    className="secondary"
                    aria-label={t('timeOff.removeLabel', { kind: kindName(e.kind).toLowerCase(), when })}
                  >
                    {t('timeOff.remove')}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="card" aria-labelledby="off-h">
        <h2 id="off-h">{t('timeOff.addTimeOff')}</h2>
        <p className="hint">{t('timeOff.addTimeOffHint')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="time_off" />
          <FormField
            id="off-first"
            type="date"
            required
            label={t('timeOff.firstDay')}
            defaultValue={off?.values['off-first']}
            error={off?.fields['off-first']}
          />
          <FormField
            id="off-last"
            type="date"
            label={t('timeOff.lastDay')}
            defaultValue={off?.values['off-last']}
            error={off?.fields['off-last']}
          />
          <FormField
            id="off-from"
            type="time"
            label={t('timeOff.fromTime')}
            defaultValue={off?.values['off-from']}
            error={off?.fields['off-from']}
          />
          <FormField
            id="off-to"
            type="time"
            label={t('timeOff.toTime')}
            defaultValue={off?.values['off-to']}
            error={off?.fields['off-to']}
          />
          <FormField
            id="off-reason"
            maxLength={300}
            label={t('timeOff.reason')}
            defaultValue={off?.values['off-reason']}
            error={off?.fields['off-reason']}
          />
          {off?.detail ? (
            <p className="error" role="alert">
              {off.detail}
            </p>
          ) : null}
          {off?.done ? <Toast>{t('timeOff.timeOffAdded')}</Toast> : null}
          <button type="submit">{t('timeOff.addTimeOff')}</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="extra-h">
        <h2 id="extra-h">{t('timeOff.addExtra')}</h2>
        <p className="hint">{t('timeOff.addExtraHint')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="extra_hours" />
          <FormField
            id="extra-day"
            type="date"
            required
            label={t('timeOff.day')}
            defaultValue={extra?.values['extra-day']}
            error={extra?.fields['extra-day']}
          />
          <FormField
            id="extra-from"
            type="time"
            required
            label={t('timeOff.from')}
            defaultValue={extra?.values['extra-from']}
            error={extra?.fields['extra-from']}
          />
          <FormField
            id="extra-to"
            type="time"
            required
            label={t('timeOff.to')}
            defaultValue={extra?.values['extra-to']}
            error={extra?.fields['extra-to']}
          />
          {extra?.detail ? (
            <p className="error" role="alert">
              {extra.detail}
            </p>
          ) : null}
          {extra?.done ? <Toast>{t('timeOff.extraAdded')}</Toast> : null}
          <button type="submit">{t('timeOff.addExtra')}</button>
        </Form>
      </section>
    </>
  );
}
