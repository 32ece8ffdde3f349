import PgBoss from "pg-boss";
import type { Database } from "../db/client";
import type { Logger } from "../lib/logger";

/** A job as a handler sees it: its data plus where it stands in its retries. */
export interface QueueJob<T> {
  id: string;
  name: string;
  data: T;
  /** 0 on the first run, 1 on the first retry, … */
  retryCount: number;
  retryLimit: number;
}

/** Throwing asks pg-boss for a retry (per the queue's retry options); returning completes. */
export type JobHandler<T> = (job: QueueJob<T>) => Promise<unknown>;

export interface QueueOptions {
  /** Retries after the first run. */
  retryLimit?: number;
  /** Seconds before the first retry; with `retryBackoff` it doubles, with jitter. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** A run still active after this long is failed (and retried). */
  expireInSeconds?: number;
  /**
   * pg-boss queue policy (set when the queue is created). `short`: at most one queued job per
   * `singletonKey` (a send while one waits returns null); the default `standard` ignores the key.
   */
  policy?: "standard" | "short" | "singleton" | "stately";
}

export interface SendOptions extends QueueOptions {
  /** A UUID: sending the same id twice while the job is live creates one job. */
  id?: string;
  startAfterSeconds?: number;
  singletonKey?: string;
}

export interface WorkOptions {
  /** Parallel runs of this queue in this process. */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

export interface ScheduleOptions {
  /**
   * Also queue one run this many seconds after the queue starts (a warm-up run, or the first
   * link of a job that re-schedules itself more often than cron's one minute).
   */
  firstRunAfterSeconds?: number;
}

export interface JobQueue {
  start(): Promise<void>;
  /** Stops fetching, lets running handlers finish (bounded), leaves the database open. */
  stop(): Promise<void>;
  /** Declares a queue and its retry policy (idempotent; `send`/`work` call it with defaults). */
  createQueue(name: string, options?: QueueOptions): Promise<void>;
  /** Returns the job id, or null when a job with the same `id` already exists. */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Registers a worker; before start() it is registered when the queue starts. */
  work<T extends object>(
    name: string,
    handler: JobHandler<T>,
    options?: WorkOptions,
  ): Promise<void>;
  /**
   * Queues a run of `name` on a cron schedule (pg-boss schedules, in the database: one run per
   * slot across every process). The runs carry `singletonKey: name`; on a `short` queue at most
   * one waits at a time. Before start() it is registered when the queue starts.
   */
  schedule(name: string, cron: string, options?: ScheduleOptions): Promise<void>;
  readonly started: boolean;
}

export interface JobQueueDeps {
  database: Pick<Database, "sql">;
  logger: Logger;
  /** pg-boss's fetch poll; sends from this process wake local workers at once anyway. */
  pollingIntervalSeconds?: number;
  /** Maintenance (expiry, archiving) interval; tests keep the default. */
  maintenanceIntervalSeconds?: number;
}

interface Registration {
  name: string;
  handler: JobHandler<object>;
  options: WorkOptions;
  workerIds: string[];
  /** Workers (by index) running a job right now. */
  busy: Set<number>;
}

/**
 * How often the extra workers of a queue poll on their own. Only a queue's first worker polls
 * at the queue's pace; the others are woken by a sibling that got a job (so a backlog fans out
 * to all of them at once) or by a send from this process. Every poll is a query: with one per
 * worker, the workers of an idle server polled a dozen times a second, and on PGlite each poll
 * holds the only connection for several milliseconds while requests wait.
 */
const PARKED_POLL_SECONDS = 30;

/**
 * A durable job queue on the application's own database (pg-boss in schema `pgboss`). It runs on
 * PostgreSQL and on PGlite alike because pg-boss is handed our `executeSql` instead of a pool.
 */
export function createJobQueue(deps: JobQueueDeps): JobQueue {
  const boss = new PgBoss({
    db: deps.database.sql,
    schema: "pgboss",
    supervise: true,
    // pg-boss's timekeeper turns the schedules (periodic work) into jobs.
    schedule: true,
    migrate: true,
    maintenanceIntervalSeconds: deps.maintenanceIntervalSeconds ?? 120,
  });
  boss.on("error", (err: unknown) => deps.logger.error({ err }, "job queue error"));

  const registrations: Registration[] = [];
  const queues = new Map<string, Promise<void>>();
  let started = false;
  let stopping: Promise<void> | null = null;
  /** Handlers running right now in this process: stop() waits for them before returning. */
  let inFlight = 0;

  const queueOptions = new Map<string, QueueOptions>();
  const schedules = new Map<string, { cron: string; options: ScheduleOptions }>();
  const startSchedule = async (name: string) => {
    const entry = schedules.get(name);
    if (!entry) return;
    await ensureQueue(name);
    await boss.schedule(name, entry.cron, {}, { singletonKey: name });
    const after = entry.options.firstRunAfterSeconds;
    if (after !== undefined) {
      await boss.send(
        name,
        {},
        { singletonKey: name, ...(after > 0 ? { startAfter: after } : {}) },
      );
    }
  };
  const ensureQueue = (name: string) => {
    let created = queues.get(name);
    if (!created) {
      created = boss
        .createQueue(name, { name, ...queueOptions.get(name) })
        .catch((err: unknown) => {
          queues.delete(name);
          throw err;
        });
      queues.set(name, created);
    }
    return created;
  };
  const createQueue = async (name: string, options: QueueOptions = {}) => {
    if (!queueOptions.has(name)) queueOptions.set(name, options);
    if (started) await ensureQueue(name);
  };

  const startWorker = async (registration: Registration) => {
    await ensureQueue(registration.name);
    const concurrency = Math.max(1, registration.options.concurrency ?? 1);
    const pollingIntervalSeconds =
      registration.options.pollingIntervalSeconds ?? deps.pollingIntervalSeconds ?? 2;
    for (let i = 0; i < concurrency; i++) {
      let workerId = "";
      workerId = await boss.work<object>(
        registration.name,
        {
          batchSize: 1,
          includeMetadata: true,
          pollingIntervalSeconds:
            i === 0
              ? pollingIntervalSeconds
              : Math.max(pollingIntervalSeconds, PARKED_POLL_SECONDS),
        },
        async ([job]) => {
          if (!job) return;
          // A job fetched while stopping is left for the next start (pg-boss retries it).
          if (stopping) throw new Error("job queue is stopping");
          registration.busy.add(i);
          // There may be more: the next idle sibling looks now (and wakes the one after it).
          wakeIdleWorker(registration);
          inFlight += 1;
          try {
            return await registration.handler({
              id: job.id,
              name: job.name,
              data: job.data,
              retryCount: job.retryCount,
              retryLimit: job.retryLimit,
            });
          } finally {
            registration.busy.delete(i);
            inFlight -= 1;
            // pg-boss sleeps out the rest of its polling interval after a job; a worker that just
            // finished one looks for the next at once, so a backlog drains at full speed.
            if (workerId) boss.notifyWorker(workerId);
          }
        },
      );
      registration.workerIds.push(workerId);
    }
  };

  /** Wakes one worker of the queue that is not running a job (none when all are busy). */
  const wakeIdleWorker = (registration: Registration) => {
    const idle = registration.workerIds.findIndex((_, i) => !registration.busy.has(i));
    const workerId = registration.workerIds[idle];
    if (workerId) boss.notifyWorker(workerId);
  };

  return {
    get started() {
      return started;
    },
    async start() {
      if (started) return;
      await boss.start();
      started = true;
      for (const name of queueOptions.keys()) await ensureQueue(name);
      for (const registration of registrations) await startWorker(registration);
      for (const name of schedules.keys()) await startSchedule(name);
    },
    stop() {
      if (!started) return Promise.resolve();
      stopping ??= (async () => {
        await boss.stop({ graceful: true, timeout: 10_000, close: false });
        // pg-boss resolves once no job is active, but a worker loop may still be inside a fetch;
        // give those a moment to finish so nothing touches the database after the caller closes it.
        const deadline = Date.now() + 5_000;
        while (inFlight > 0 && Date.now() < deadline) await sleep(50);
        await sleep(300);
        started = false;
        queues.clear();
      })();
      return stopping;
    },
    createQueue,
    async send(name, data, options = {}) {
      if (!started) throw new Error(`job queue not started: cannot send '${name}'`);
      await ensureQueue(name);
      const { startAfterSeconds, ...rest } = options;
      const id = await boss.send(name, data, {
        ...rest,
        ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}),
      });
      if (id && !startAfterSeconds) {
        // A local worker learns about the job now instead of at its next poll.
        for (const registration of registrations) {
          if (registration.name === name) wakeIdleWorker(registration);
        }
      }
      return id;
    },
    async schedule(name, cron, options = {}) {
      schedules.set(name, { cron, options });
      if (started) await startSchedule(name);
    },
    async work(name, handler, options = {}) {
      const registration: Registration = {
        name,
        handler: handler as JobHandler<object>,
        options,
        workerIds: [],
        busy: new Set(),
      };
      registrations.push(registration);
      if (started) await startWorker(registration);
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
