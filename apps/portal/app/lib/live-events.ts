import { useEffect, useRef } from 'react';

/** What the live stream says: the kind of change and the ids it concerns (the page fetches the rest). */
export type LiveEvent = {
  kind: 'message.created' | 'message.updated' | 'thread.read' | 'notification.created' | 'notification.read';
  id: string;
  threadId?: string;
};

const KINDS: LiveEvent['kind'][] = [
  'message.created',
  'message.updated',
  'thread.read',
  'notification.created',
  'notification.read',
];

/** The portal's relay of the API's stream (same origin, the session cookie: messages.stream.tsx). */
export const LIVE_PATH = '/messages/stream';

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;

/**
 * One EventSource per page however many components listen (browsers allow few connections per
 * host over HTTP/1.1). EventSource reconnects by itself when the server ends the stream (it does
 * every few minutes) or the network drops; `online` reconnects at once rather than at its pace.
 */
function connect() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource(LIVE_PATH);
  for (const kind of KINDS) {
    source.addEventListener(kind, (message) => {
      let data: { id: string; threadId?: string };
      try {
        data = JSON.parse((message as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const listener of listeners) listener({ kind, ...data });
    });
  }
}

function disconnect() {
  source?.close();
  source = null;
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    if (listeners.size === 0) return;
    disconnect();
    connect();
  });
}

/** Subscribes to live events; returns the unsubscribe. */
export function subscribeLive(listener: Listener): () => void {
  listeners.add(listener);
  connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) disconnect();
  };
}

/** React: calls `onEvent` for each live event while the component is mounted. */
export function useLiveEvents(onEvent: Listener): void {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => subscribeLive((event) => latest.current(event)), []);
}
