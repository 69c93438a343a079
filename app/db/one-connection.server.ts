import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type AdapterFactory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<AdapterFactory["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/**
 * Prisma's better-sqlite3 adapter runs everything on ONE SQLite connection. Its interactive
 * transactions take a lock among themselves, then send BEGIN on that connection, and the
 * statements of the transaction follow over several turns of the event loop. Meanwhile
 * every other request's plain query (not in a transaction) runs straight away on the same
 * connection, that is INSIDE the open transaction: it reads uncommitted data and, worse,
 * its writes are committed or rolled back with that transaction. A judge's stale save
 * (refused, so rolled back) could silently undo an acknowledged write of another request
 * made in between: an email marked sent, a session, a decision.
 *
 * This wrapper puts every use of the connection behind one first-come, first-served gate:
 * a plain query waits while a transaction holds the connection and runs alone, a
 * transaction holds the gate from BEGIN to COMMIT or ROLLBACK. SQLite serialises writers
 * anyway, and better-sqlite3 runs each statement synchronously, so nothing is lost by
 * it: reads that do not need Prisma can use the separate read-only handle (sqlite()).
 *
 * Inside `db.$transaction(async (tx) => ...)` use `tx` only: a query on the outer client
 * there waits for the transaction that is waiting for it (until Prisma's timeout).
 */
export function oneConnectionAtATime(factory: AdapterFactory): AdapterFactory {
  const gate = createGate();
  return new Proxy(factory, {
    get(target, property) {
      if (property === "connect" || property === "connectToShadowDb") {
        return async () => guardAdapter(await target[property](), gate);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

type Gate = { acquire(): Promise<void>; release(): void };

/** How long queued queries may run back to back before the event loop gets a turn (ms). */
const SLICE_MS = 10;

/**
 * A FIFO lock that hands itself straight to the next waiter. Every query resolves at once
 * (better-sqlite3 is synchronous), so a queue of waiting requests would otherwise run one
 * after another entirely in promise callbacks, without the event loop ever getting to I/O:
 * under load the server stopped accepting connections and reading requests for seconds.
 * After SLICE_MS of back-to-back hand-overs the next one waits for setImmediate, so
 * sockets are served in between; the order of the queue is kept.
 */
function createGate(): Gate {
  let held = false;
  const waiters: (() => void)[] = [];
  let sliceStart = -1;
  const elapsedInSlice = () => {
    const now = performance.now();
    if (sliceStart < 0) {
      sliceStart = now;
      setImmediate(() => (sliceStart = -1));
    }
    return now - sliceStart;
  };
  return {
    acquire() {
      if (!held) {
        held = true;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    release() {
      const next = waiters.shift();
      if (!next) held = false;
      else if (elapsedInSlice() < SLICE_MS) next();
      else setImmediate(next);
    },
  };
}

function guardAdapter(adapter: Adapter, gate: Gate): Adapter {
  const alone =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await gate.acquire();
      try {
        return await run(...args);
      } finally {
        gate.release();
      }
    };
  const overrides: Partial<Adapter> = {
    queryRaw: alone((query) => adapter.queryRaw(query)),
    executeRaw: alone((query) => adapter.executeRaw(query)),
    executeScript: alone((script) => adapter.executeScript(script)),
    async startTransaction(isolationLevel) {
      await gate.acquire();
      let transaction: Transaction;
      try {
        transaction = await adapter.startTransaction(isolationLevel);
      } catch (error) {
        gate.release();
        throw error;
      }
      return guardTransaction(transaction, gate);
    },
  };
  return new Proxy(adapter, {
    get(target, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return overrides[property as keyof Adapter];
      const value: unknown = Reflect.get(target, property, target);
      // Bound to the real object: the adapter keeps its state in private (#) fields.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function guardTransaction(transaction: Transaction, gate: Gate): Transaction {
  let open = true;
  const finish = (end: () => Promise<void>) => async () => {
    try {
      await end();
    } finally {
      if (open) {
        open = false;
        gate.release();
      }
    }
  };
  const overrides: Partial<Transaction> = {
    commit: finish(() => transaction.commit()),
    rollback: finish(() => transaction.rollback()),
  };
  return new Proxy(transaction, {
    get(target, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return overrides[property as keyof Transaction];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
