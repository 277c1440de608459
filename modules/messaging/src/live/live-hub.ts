import { type Database, stopListening } from '@dualcontrol/db';
import type { Logger } from '@dualcontrol/platform';
import { LIVE_CHANNEL, type LiveEvent } from './publish.ts';

/** One connected stream: whose it is, and how to hand it an event. */
export type LiveSubscriber = { tenantId: string; userId: string; deliver(event: LiveEvent): void };

/** What publishLive puts on the channel. */
type Notice = LiveEvent & { tenantId: string; userIds: string[] };

/**
 * The API process's one LISTEN on `dc_live` (a dedicated connection of the platform role, which
 * postgres.js keeps and re-LISTENs after a reconnect), fanned out in memory to the streams
 * connected to this process. A notice reaches a stream only when both its school and its user
 * match: the school is checked as well as the user id, so nothing crosses schools even if ids
 * were ever to collide. Every API replica holds its own LISTEN, so a stream on any replica hears
 * a change committed through any other.
 */
export class LiveHub {
  readonly #subscribers = new Set<LiveSubscriber>();
  #listening: Promise<void> | undefined;
  #unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly platformDb: Database,
    private readonly log: Logger,
  ) {}

  /** LISTENs (once) before the first stream is told it is connected, so nothing is missed after. */
  ready(): Promise<void> {
    this.#listening ??= this.platformDb.sql
      .listen(LIVE_CHANNEL, (payload) => this.#dispatch(payload))
      .then((listener) => {
        this.#unlisten = listener.unlisten;
      })
      .catch((error: unknown) => {
        this.#listening = undefined; // the next stream tries again
        throw error;
      });
    return this.#listening;
  }

  subscribe(subscriber: LiveSubscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  get size(): number {
    return this.#subscribers.size;
  }

  #dispatch(payload: string) {
    let notice: Notice;
    try {
      notice = JSON.parse(payload) as Notice;
    } catch {
      this.log.error('live notice is not JSON', { length: payload.length });
      return;
    }
    const { tenantId, userIds, ...rest } = notice;
    const event = rest as LiveEvent;
    const users = new Set(userIds);
    for (const s of this.#subscribers) {
      if (s.tenantId === tenantId && users.has(s.userId)) s.deliver(event);
    }
  }

  async close(): Promise<void> {
    this.#subscribers.clear();
    await stopListening(this.#unlisten);
  }
}

// One hub per platform database handle, i.e. per API process (tests build one per test database).
const hubs = new WeakMap<Database, LiveHub>();

export function liveHubFor(platformDb: Database, log: Logger): LiveHub {
  let hub = hubs.get(platformDb);
  if (!hub) {
    hub = new LiveHub(platformDb, log);
    hubs.set(platformDb, hub);
  }
  return hub;
}
