/**
 * `TransactWriteItems` for dynalite, which has none (architect/dynalite#151: it answers
 * `UnknownOperationException`). The store writes a triage with its pointers in one transaction,
 * so without this the tests could not run the store's real writes at all.
 *
 * Built from dynalite's own parts, so conditions, key checks and item validation are dynalite's,
 * not ours: each action is validated as the single call it stands for (Put → PutItem, Update →
 * UpdateItem, Delete and ConditionCheck → DeleteItem), every condition is evaluated, and only
 * when all hold are the writes applied, through dynalite's own actions.
 *
 * Isolation: a transaction takes the server exclusively (it waits for the calls in flight and
 * holds new ones back until it has written), so no call ever sees half a transaction, and two
 * transactions never interleave. DynamoDB would instead cancel a conflicting transaction
 * (`TransactionConflict`); here the second one waits and then evaluates its conditions against
 * the first one's writes. Not emulated: `ClientRequestToken` idempotency, consumed capacity, a
 * size check of an item after an update (an oversized update fails after earlier writes).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type AttributeMap = Record<string, unknown>;
interface DynaliteError extends Error {
  statusCode?: number;
  body?: AttributeMap;
}
type Callback<T> = (error: DynaliteError | null | undefined, value?: T) => void;
type Table = object;
interface ItemDb {
  get(key: string, cb: Callback<AttributeMap>): void;
}
export interface DynaliteStore {
  getTable(name: string, cb: Callback<Table>): void;
  getItemDb(name: string): ItemDb;
}
interface DynaliteDb {
  create(options: object): DynaliteStore;
  createKey(item: AttributeMap, table: Table): string;
  validateKey(key: AttributeMap, table: Table): DynaliteError | null | undefined;
  validateItem(item: AttributeMap, table: Table): DynaliteError | null | undefined;
  checkConditional(data: AttributeMap, existing: AttributeMap | undefined): DynaliteError | null;
  validationError(message: string): DynaliteError;
}
interface ActionValidation {
  types: object;
  custom?: unknown;
}
interface DynaliteValidations {
  checkTypes(data: AttributeMap, types: object): AttributeMap;
  checkValidations(data: AttributeMap, types: object, custom: unknown, store: DynaliteStore): void;
}
type Action = (store: DynaliteStore, data: AttributeMap, cb: Callback<AttributeMap>) => void;

/** dynalite's database module: the one its server uses (same file, same module instance). */
export const dynaliteDb: DynaliteDb = require('dynalite/db');
const validations: DynaliteValidations = require('dynalite/validations');

const KINDS = {
  Put: 'putItem',
  Update: 'updateItem',
  Delete: 'deleteItem',
  ConditionCheck: 'deleteItem',
} as const;
type Kind = keyof typeof KINDS;

const call = <T>(run: (cb: Callback<T>) => void): Promise<T | undefined> =>
  new Promise((resolve, reject) => {
    run((error, value) => (error ? reject(error) : resolve(value)));
  });

/** Reads the item at `key`, `undefined` when there is none. */
const readItem = (db: ItemDb, key: string) =>
  call<AttributeMap>((cb) => db.get(key, cb)).catch((error: DynaliteError) => {
    if (error.name === 'NotFoundError') return undefined;
    throw error;
  });

/** Many calls at once, or one transaction alone: a readers–writer gate over the server. */
class Gate {
  #calls = 0;
  #writing = false;
  #queue: Promise<void> = Promise.resolve();
  #waitingCalls: (() => void)[] = [];
  #waitingWriter: (() => void)[] = [];

  async shared(run: () => Promise<void>): Promise<void> {
    while (this.#writing) await new Promise<void>((r) => this.#waitingCalls.push(r));
    this.#calls++;
    try {
      await run();
    } finally {
      this.#calls--;
      if (this.#calls === 0) for (const wake of this.#waitingWriter.splice(0)) wake();
    }
  }

  async exclusive(run: () => Promise<void>): Promise<void> {
    const before = this.#queue;
    let done = () => {};
    this.#queue = new Promise((r) => {
      done = r;
    });
    await before;
    this.#writing = true;
    try {
      while (this.#calls > 0) await new Promise<void>((r) => this.#waitingWriter.push(r));
      await run();
    } finally {
      this.#writing = false;
      for (const wake of this.#waitingCalls.splice(0)) wake();
      done();
    }
  }
}

interface Operation {
  kind: Kind;
  data: AttributeMap;
  tableName: string;
  /** dynalite's key of the item within its table. */
  key: string;
  returnOld: boolean;
}

const send = (res: ServerResponse, status: number, body: object): void => {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/x-amz-json-1.0');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
};

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** One action of the request, checked as the single call it stands for. */
const operationOf = async (store: DynaliteStore, entry: unknown): Promise<Operation> => {
  const kinds = Object.keys(entry ?? {}) as Kind[];
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined || !(kind in KINDS)) {
    throw dynaliteDb.validationError(
      'TransactItems can only contain one of Check, Put, Update or Delete',
    );
  }
  const raw = (entry as Record<Kind, AttributeMap>)[kind];
  const returnOld = raw.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
  const rules: ActionValidation = require(`dynalite/validations/${KINDS[kind]}`);
  const data = validations.checkTypes(structuredClone(raw), rules.types);
  validations.checkValidations(data, rules.types, rules.custom, store);
  const tableName = data.TableName as string;
  const table = (await call<Table>((cb) => store.getTable(tableName, cb))) as Table;
  const shapeError =
    kind === 'Put'
      ? dynaliteDb.validateItem(data.Item as AttributeMap, table)
      : dynaliteDb.validateKey(data.Key as AttributeMap, table);
  if (shapeError) throw shapeError;
  const key = dynaliteDb.createKey((data.Item ?? data.Key) as AttributeMap, table);
  return { kind, data, tableName, key, returnOld };
};

const transactWrite = async (
  store: DynaliteStore,
  body: string,
  gate: Gate,
  res: ServerResponse,
): Promise<void> => {
  const request = JSON.parse(body) as { TransactItems?: unknown[] };
  const entries = request.TransactItems ?? [];
  if (entries.length < 1 || entries.length > 100) {
    throw dynaliteDb.validationError('TransactItems must hold between 1 and 100 actions');
  }
  const operations = await Promise.all(entries.map((entry) => operationOf(store, entry)));
  if (new Set(operations.map((o) => `${o.tableName}/${o.key}`)).size < operations.length) {
    throw dynaliteDb.validationError(
      'Transaction request cannot include multiple operations on one item',
    );
  }
  await gate.exclusive(async () => {
    const reasons = await Promise.all(
      operations.map(async ({ data, tableName, key, returnOld }) => {
        const existing = await readItem(store.getItemDb(tableName), key);
        if (!dynaliteDb.checkConditional(data, existing)) return { Code: 'None' };
        return {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          ...(returnOld && existing ? { Item: existing } : {}),
        };
      }),
    );
    if (reasons.some((r) => r.Code !== 'None')) {
      send(res, 400, {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      });
      return;
    }
    for (const { kind, data } of operations) {
      if (kind === 'ConditionCheck') continue;
      const action: Action = require(`dynalite/actions/${KINDS[kind]}`);
      await call<AttributeMap>((cb) => action(store, data, cb));
    }
    send(res, 200, {});
  });
};

/**
 * Puts the transaction handler in front of dynalite's own request handler on `server`; every
 * other call passes through unchanged (shared through the gate).
 */
export const addTransactions = (server: Server, store: DynaliteStore): void => {
  const gate = new Gate();
  const [dynalite] = server.listeners('request') as ((
    req: IncomingMessage,
    res: ServerResponse,
  ) => void)[];
  if (!dynalite) throw new Error('dynalite server has no request handler');
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers['x-amz-target'] !== 'DynamoDB_20120810.TransactWriteItems') {
      void gate.shared(
        () =>
          new Promise<void>((done) => {
            res.once('close', done);
            dynalite(req, res);
          }),
      );
      return;
    }
    readBody(req)
      .then((body) => transactWrite(store, body, gate, res))
      .catch((error: DynaliteError) => {
        if (error instanceof SyntaxError) {
          send(res, 400, { __type: 'com.amazon.coral.service#SerializationException' });
        } else if (error.statusCode && error.body) send(res, error.statusCode, error.body);
        else send(res, 500, { __type: 'InternalServerError', message: String(error) });
      });
  });
};
