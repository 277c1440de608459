/**
 * What the scheduling bench asks its load-generator child process to do, and what it answers.
 * The spec travels as a JSON file (argv[2]); the result comes back as the last line of stdout.
 */

export type LoadRequest = {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
};

export type LoadSpec =
  /** Open loop: request i is due at t0 + i/rate; latency runs from that due time, not the send. */
  | {
      mode: 'rate';
      port: number;
      rate: number;
      warmupMs: number;
      durationMs: number;
      maxSockets: number;
      /** Used round-robin when `cycle`, otherwise each once (there must be enough). */
      requests: LoadRequest[];
      cycle: boolean;
    }
  /** Closed loop: `concurrency` clients, each sends its next request when the last one answers. */
  | {
      mode: 'closed';
      port: number;
      concurrency: number;
      /** Stop issuing after this long, or after `count` requests, or when `requests` run out. */
      durationMs: number;
      count?: number;
      /** This many first answers are not measured. */
      warmupCount: number;
      requests: LoadRequest[];
      cycle: boolean;
    }
  /** Rounds: every token POSTs the round's body at once (shuffled order); the next round waits. */
  | {
      mode: 'rounds';
      port: number;
      tenant: string;
      path: string;
      tokens: string[];
      bodies: unknown[];
      seed: number;
    };

export type LatencySummary = {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
};

export type LoadResult = {
  latency: LatencySummary;
  /** Measured answers by status ("error" for a failed socket). */
  statuses: Record<string, number>;
  /** Wall time of the measured part, from its first due/send time to its last answer. */
  elapsedMs: number;
  perSecond: number;
  /** Measured answers that were not 2xx: two bodies per status, to explain them. */
  samples: string[];
  /** Open loop only: the largest delay between a due time and the actual send (generator health). */
  maxSendLagMs?: number;
  responseBytes: number;
  /** CPU time the load generator itself used (user + system). */
  cpuMs?: number;
  /** Every request sent, warm-up included. */
  answeredTotal?: number;
  /** Rounds only: per round, how many 201s, 409s, 5xx and anything else. */
  rounds?: { created: number; conflicts: number; serverErrors: number; other: number }[];
};
