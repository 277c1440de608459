import type { Env } from '@dualcontrol/config';
import type { Database, Keyring, Tx } from '@dualcontrol/db';
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import type { DemoLayer } from '../demo/demo-context.ts';
import type { ModuleRouter } from '../http/module-router.ts';
import type { Logger } from '../logging/logger.ts';
import type { OnboardingFacts } from '../onboarding/onboarding-steps.ts';
import type { EventCatalog } from '../outbox/catalog.ts';
import type { OutboxEvent } from '../outbox/events.ts';
import type { ModulePermission } from '../rbac/permissions.ts';

export const MODULE_IDS = ['scheduling', 'lessons', 'payments', 'messaging', 'crm', 'analytics'] as const;
export type ModuleId = (typeof MODULE_IDS)[number];

/** Everything a module's worker side may use. */
export type WorkerDeps = {
  env: Env;
  db: Database;
  /** Decrypts secrets stored per school (e.g. its Stripe keys). */
  keyring: Keyring;
  log: Logger;
  /** Starts and signals workflows (from event handlers); absent in API-only processes. */
  temporal?: { client: Client; taskQueue: string };
  /**
   * Every registered module (the worker passes them): for a consumer of every module's events,
   * such as analytics, which reads their catalogs instead of importing each module.
   */
  modules?: readonly ModuleManifest[];
  /** Registers work for the worker's shutdown, after the dispatcher stops (e.g. flushing a client). */
  onShutdown?: (hook: () => Promise<void>) => void;
};

/** What the dispatcher delivers to. Modules build these with `subscribe()`, which types the payload. */
export type EventSubscription = {
  /** Stable handler id: deliveries are deduplicated per (event, handler). */
  id: string;
  events: string[];
  handle(event: OutboxEvent, ctx: { tx: Tx; log: Logger }): Promise<void>;
};

/** One figure a module reports about a school over a window, for the operators' usage view. */
export type UsageFigure = { key: string; value: number; unit: 'count' | 'minor' };

export type NavigationEntry = { audience: 'student' | 'instructor' | 'admin'; label: string; path: string };

/**
 * A module is this manifest and nothing else outside its folder (ARCHITECTURE §5).
 * `routes` declares the module's operations on a router that puts each behind the module gate;
 * the app mounts `router.app`.
 */
export type ModuleManifest = {
  id: ModuleId;
  title: string;
  version: string;
  dependsOn: ModuleId[];
  routes?: (router: ModuleRouter) => void;
  /** Absolute path of the module's workflows file (bundled by the worker). */
  workflowsPath?: string;
  activities?: (deps: WorkerDeps) => Record<string, (...args: never[]) => Promise<unknown>>;
  /** The events this module emits (`defineEvents`); their types are unique across modules. */
  events?: EventCatalog;
  /** Runs once when a worker starts (after its deps exist): e.g. making sure a Temporal schedule exists. */
  onWorkerStart?: (deps: WorkerDeps) => Promise<void>;
  /** Event handlers, built with the worker's deps (so they can start and signal workflows). */
  subscriptions?: (deps: WorkerDeps) => EventSubscription[];
  /** Applies `<tenant folder>/<module id>.json` demo data, idempotently (tenants:apply and npm start). */
  seed?: (ctx: { tx: Tx; tenantId: string; data: unknown }) => Promise<void>;
  /**
   * The module's part of a demo school's simulated history (`runDemo`: npm start, demo:reset),
   * written through its own services at simulated times; runs after the layers of its dependencies.
   */
  demo?: DemoLayer;
  /**
   * Every permission string the module checks (`<module id>:<resource>:<action>[:own|:any]`);
   * which roles hold them is the platform's one role table, validated against these at boot.
   */
  permissions?: readonly ModulePermission[];
  settings?: z.ZodType;
  navigation?: NavigationEntry[];
  /**
   * Which of the setup checklist's steps this module owns are done (ONBOARDING_STEPS), read from
   * its own tables inside the school's RLS transaction. Derived, never stored.
   */
  onboarding?: (tx: Tx) => Promise<OnboardingFacts>;
  /** The school's usage over the window, read inside its own RLS transaction. */
  usage?: (tx: Tx, window: { since: Date; until: Date }) => Promise<UsageFigure[]>;
};
