import { useRevalidator } from '@remix-run/react';
import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import {
  discardRecord,
  keepRecord,
  type OutboxRecord,
  onReplayReport,
  outboxUsable,
  precache,
  recordOf,
  recordsOf,
  requestReplay,
} from './offline-outbox.ts';
import { type RecordBody, recordFromForm } from './offline-record.ts';

/** Where a record saved with JavaScript stands, as the record page shows it. */
export type OfflineState =
  | { status: 'idle' }
  | { status: 'pending' | 'synced'; count: number }
  | { status: 'locked' | 'failed' | 'signed-out'; detail?: string | undefined };

const stateOf = (record: OutboxRecord): OfflineState =>
  record.status === 'pending'
    ? { status: 'pending', count: record.body.entries.length }
    : { status: record.status, detail: record.detail };

/** Whether the phone's outbox is in use here: a worker controls the page (it does the replays). */
const usable = () => outboxUsable() && Boolean(navigator.serviceWorker.controller);

const ignore = () => undefined;

/** The form as the phone's copy left it (a cached page shows the record as it was when cached). */
function fill(form: HTMLFormElement | null, body: RecordBody) {
  if (!form) return;
  const levels = new Map(body.entries.map((e) => [e.skillId, String(e.level)]));
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type="radio"][name^="level:"]'))
    input.checked = input.value === (levels.get(input.name.slice(6)) ?? '');
  const notes = form.elements.namedItem('notes');
  if (notes instanceof HTMLTextAreaElement) notes.value = body.notes ?? '';
}

/**
 * The record page's offline behaviour. Saving writes the record to the phone first and asks the
 * service worker to send it (Background Sync, or a message); the page then says "saved on this
 * phone" until the worker reports the outcome. Opening the page shows a copy still on the phone
 * and asks for it to be sent again; so does the connection coming back. Without a controlling
 * worker the form posts as it does without JavaScript.
 */
export function useOfflineRecord(lessonId: string, owner: string, form: RefObject<HTMLFormElement>) {
  const [state, setState] = useState<OfflineState>({ status: 'idle' });
  // Held in a ref: the effect below must not run again on every render (it fills the form).
  const revalidate = useRef(useRevalidator().revalidate);
  useEffect(() => {
    if (!usable()) return;
    let live = true;
    const stop = onReplayReport((report) => {
      if (report.lessonId !== lessonId) return;
      // The page's data again (the record's "editable until", its entries): what the school has now.
      if (report.status === 'synced') revalidate.current();
      setState(
        report.status === 'pending' || report.status === 'synced'
          ? { status: report.status, count: report.count ?? 0 }
          : { status: report.status, detail: report.detail },
      );
    });
    recordOf(lessonId)
      .then((record) => {
        if (!live || !record || record.owner !== owner) return;
        fill(form.current, record.body);
        setState(stateOf(record));
        if (record.status === 'pending' || record.status === 'signed-out') requestReplay().catch(ignore);
      })
      .catch(ignore);
    const online = () => requestReplay().catch(ignore);
    window.addEventListener('online', online);
    return () => {
      live = false;
      stop();
      window.removeEventListener('online', online);
    };
  }, [lessonId, owner, form]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (!usable()) return;
    event.preventDefault();
    const target = event.currentTarget;
    const body = recordFromForm(new FormData(target));
    setState({ status: 'pending', count: body.entries.length });
    keepRecord({ lessonId, owner, body, savedAt: Date.now(), status: 'pending' })
      .then(requestReplay)
      // The phone would not keep it (storage refused): send the form as without JavaScript.
      .catch(() => target.submit());
  };

  /** Drops the phone's copy (a locked or refused record) and shows the record as the school has it. */
  const discard = () =>
    discardRecord(lessonId)
      .catch(ignore)
      .then(() => window.location.reload());

  return { state, onSubmit, discard };
}

/**
 * For the lessons list: this person's records still on the phone (by lesson), kept up to date as
 * the worker reports; and the record pages of the open lessons copied for offline use.
 */
export function useOutboxList(owner: string, openRecordPages: string[]) {
  const [records, setRecords] = useState<Record<string, OutboxRecord['status']>>({});
  const pages = openRecordPages.join(' ');
  useEffect(() => {
    if (!usable()) return;
    let live = true;
    const load = () =>
      recordsOf(owner)
        .then((list) => {
          if (live) setRecords(Object.fromEntries(list.map((r) => [r.lessonId, r.status])));
        })
        .catch(ignore);
    const stop = onReplayReport(load);
    load();
    // This page itself was kept by the worker when it loaded; the record pages are asked for.
    if (navigator.onLine && pages) precache(pages.split(' ')).catch(ignore);
    const online = () => requestReplay().catch(ignore);
    window.addEventListener('online', online);
    return () => {
      live = false;
      stop();
      window.removeEventListener('online', online);
    };
  }, [owner, pages]);
  return records;
}
