/**
 * A real DynamoDB for tests: dynalite, in memory and in this process, on 127.0.0.1 at a free
 * port, with the triage table laid out as `AlertTriage` creates it (lib/alert-triage.ts).
 *
 *     const table = useTriageTable(); // one server and one fresh table for this file
 *     const store = new DynamoTriageStore({ tableName: table.name, client: table.client });
 *
 * Where dynalite is not DynamoDB:
 * - it has no transactions: `TransactWriteItems` is added by ./dynalite-transactions.ts;
 * - it has no `UpdateTimeToLive`, so the table has no TTL and nothing ever expires (DynamoDB's
 *   TTL deletes days late anyway: code that cares checks the time on read);
 * - it needs no credentials, only a signed request, so the client signs with fake static ones.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { clientConfig } from '../../functions/adapters/aws/clients.js';
import { addTransactions, type DynaliteStore, dynaliteDb } from './dynalite-transactions.js';

const require = createRequire(import.meta.url);
const dynalite: (options: object) => Server = require('dynalite');

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'dynalite-test', secretAccessKey: 'dynalite-test' };

export interface TriageTable {
  /** A name no other test file uses. */
  readonly name: string;
  /** Configured as `dynamoDocumentClient()` is in the functions, pointed at dynalite. */
  readonly client: DynamoDBDocumentClient;
  /** What a child process (a bundled Lambda) needs to reach this table through the SDK alone. */
  readonly env: Readonly<Record<string, string>>;
}

interface Running extends TriageTable {
  close(): Promise<void>;
}

/** dynalite's server, with transactions added (the store its server uses is caught on creation). */
const startDynalite = async (): Promise<{ server: Server; endpoint: string }> => {
  const create = dynaliteDb.create;
  let store: DynaliteStore | undefined;
  dynaliteDb.create = (options) => {
    store = create(options);
    return store;
  };
  let server: Server;
  try {
    // Tables turn ACTIVE at once instead of after dynalite's default half second.
    server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  } finally {
    dynaliteDb.create = create;
  }
  if (!store) throw new Error('dynalite did not create its store through dynalite/db');
  addTransactions(server, store);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://127.0.0.1:${port}` };
};

/** The table of lib/alert-triage.ts: string keys `pk` and `sk`, on demand. */
const createTriageTable = async (client: DynamoDBClient, name: string): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (let tries = 0; tries < 50; tries++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`dynalite table ${name} never became ACTIVE`);
};

/** Starts dynalite and creates a fresh triage table; `close()` stops both. */
const startTriageTable = async (): Promise<Running> => {
  const { server, endpoint } = await startDynalite();
  const config: DynamoDBClientConfig = clientConfig({
    region: REGION,
    endpoint,
    credentials: CREDENTIALS,
  });
  const raw = new DynamoDBClient(config);
  const client = DynamoDBDocumentClient.from(raw, {
    // The functions' own options (functions/adapters/aws/clients.ts).
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  const name = `AlertTriage-Table-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  await createTriageTable(raw, name);
  return {
    name,
    client,
    env: {
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      TABLE_NAME: name,
    },
    close: async () => {
      // The client's kept-alive sockets would hold the server open until they time out.
      client.destroy();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
};

/**
 * One dynalite server and one fresh triage table for the calling test file: started in
 * `beforeAll`, stopped in `afterAll`. The fields are readable inside tests and hooks only.
 */
export const useTriageTable = (): TriageTable => {
  let running: Running | undefined;
  beforeAll(async () => {
    running = await startTriageTable();
  });
  afterAll(async () => {
    await running?.close();
  });
  const get = (): Running => {
    if (!running) throw new Error('useTriageTable(): the table exists inside tests and hooks only');
    return running;
  };
  return {
    get name() {
      return get().name;
    },
    get client() {
      return get().client;
    },
    get env() {
      return get().env;
    },
  };
};
