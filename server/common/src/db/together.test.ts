// queryTogether and transactionTogether against real PostgreSQL: an inlined literal means what the
// same value means as a parameter, the statements of a message run in order and the first failure
// ends it, and a two-step transaction commits only when both steps succeed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { inlineStatement, queryTogether, transactionTogether } from './together.js';

describe('statements together (PostgreSQL)', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('together');
    await db.pool.query('CREATE TABLE t (id int PRIMARY KEY, note text)');
  });

  after(async () => {
    await db?.drop();
  });

  it('inlines each value as the literal PostgreSQL reads as that value passed as a parameter', async () => {
    const cases: [unknown, string][] = [
      ["it's", 'text'],
      ['back\\slash and \\\'quote', 'text'],
      ['$1 $2 not parameters', 'text'],
      ['ünïcødé ✓ 𝄞', 'text'],
      ['', 'text'],
      [null, 'text'],
      [undefined, 'int'],
      [42, 'int'],
      [-7.25, 'float8'],
      [9_007_199_254_740_993n, 'numeric'],
      [true, 'boolean'],
      [new Date('2026-11-25T09:15:00.123Z'), 'timestamptz'],
      [['a', 'b"c', 'd,e', '{f}', 'g\\h', "i'j", ''], 'text[]'],
      [['0b6f4f1e-3d4c-4b5a-9a8b-7c6d5e4f3a2b', '1c7f5f2e-4e5d-4c6b-8b9c-8d7e6f5a4b3c'], 'uuid[]'],
      [[1, 2, null, 4], 'int[]'],
      [[], 'text[]'],
      [{ a: "it's", b: [1, { c: '\\' }], d: null }, 'jsonb'],
    ];
    const client = await db.pool.connect();
    try {
      for (const [value, cast] of cases) {
        const label = `${cast} ${JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`;
        const asParameter = await client.query(`SELECT $1::${cast} AS v`, [value]);
        const [inlined] = await queryTogether(client, [{ text: `SELECT $1::${cast} AS v`, values: [value] }]);
        assert.deepEqual(inlined!.rows, asParameter.rows, label);
      }
    } finally {
      client.release();
    }
  });

  it('replaces $10 as the tenth value, not $1 followed by 0, and refuses a missing value', () => {
    const values = Array.from({ length: 10 }, (_, i) => i + 1);
    assert.equal(inlineStatement({ text: 'SELECT $10, $1', values }), "SELECT '10', '1'");
    assert.throws(() => inlineStatement({ text: 'SELECT $2', values: [1] }), /\$2 but 1 values/);
    assert.throws(() => inlineStatement({ text: 'SELECT $1', values: [Buffer.from('x')] }), /no Buffers/);
  });

  it('runs the statements of one message in order and stops at the first failure', async () => {
    const client = await db.pool.connect();
    try {
      const results = await queryTogether(client, [
        { text: 'INSERT INTO t (id, note) VALUES ($1, $2)', values: [1, 'one'] },
        { text: 'SELECT note FROM t WHERE id = $1', values: [1] },
      ]);
      assert.equal(results.length, 2);
      assert.deepEqual(results[1]!.rows, [{ note: 'one' }]);
      await assert.rejects(
        queryTogether(client, [
          { text: 'INSERT INTO t (id, note) VALUES ($1, $2)', values: [2, 'two'] },
          { text: 'INSERT INTO t (id, note) VALUES ($1, $2)', values: [1, 'duplicate'] },
          { text: 'INSERT INTO t (id, note) VALUES ($1, $2)', values: [3, 'three'] },
        ]),
        /duplicate key/,
      );
      // Without BEGIN the message is one implicit transaction: the failure undid row 2 and row 3 never ran.
      const { rows } = await client.query<{ id: number }>('SELECT id FROM t ORDER BY id');
      assert.deepEqual(rows.map((row) => row.id), [1]);
    } finally {
      client.release();
    }
  });

  it('commits a two-step transaction, and rolls it back when the decision or a write fails', async () => {
    const read = [{ text: 'SELECT id FROM t WHERE id = $1 FOR UPDATE', values: [1] }];
    const committed = await transactionTogether(db.pool, read, ([locked]) => ({
      write: [
        { text: 'UPDATE t SET note = $2 WHERE id = $1', values: [locked!.rows[0]!.id, 'updated'] },
        { text: 'INSERT INTO t (id, note) VALUES (4, $1)', values: ['four'] },
      ],
      result: 'done',
    }));
    assert.equal(committed, 'done');
    await assert.rejects(
      transactionTogether(db.pool, read, () => ({
        write: [{ text: 'INSERT INTO t (id, note) VALUES (5, $1)', values: ['five'] }, { text: 'INSERT INTO t (id) VALUES (4)' }],
        result: null,
      })),
      /duplicate key/,
    );
    await assert.rejects(
      transactionTogether(db.pool, [{ text: 'INSERT INTO t (id, note) VALUES (6, $1)', values: ['six'] }], () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    const { rows } = await db.pool.query<{ id: number; note: string }>('SELECT id, note FROM t ORDER BY id');
    assert.deepEqual(rows, [{ id: 1, note: 'updated' }, { id: 4, note: 'four' }]);
    // Every connection went back to the pool usable (no transaction left open).
    const { rows: open } = await db.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'",
    );
    assert.equal(Number(open[0]!.n), 0);
  });
});
