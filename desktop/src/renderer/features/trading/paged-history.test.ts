// The blotters' history: the polled newest page, older pages by cursor, live rows merged by version.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PagedHistory, sortNewestFirst, type HistorySnapshot, type Page } from './paged-history.js';

interface Row {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: string;
}

/** Row number n, created n seconds after midnight (higher n = newer). */
function row(n: number, status = 'accepted', updatedSecond = n): Row {
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
  return { id: `o${String(n).padStart(4, '0')}`, createdAt: at(n), updatedAt: at(updatedSecond), status };
}

function history(): PagedHistory<Row> {
  return new PagedHistory<Row>({ timeOf: (each) => each.createdAt, versionOf: (each) => Date.parse(each.updatedAt) });
}

/** A server with rows 1..count, paged newest first `size` at a time (the cursor is the last row served). */
function server(count: number, size: number): { head: () => Page<Row>; older: (cursor: string) => Promise<Page<Row>>; rows: Row[] } {
  const rows = Array.from({ length: count }, (_, i) => row(count - i));
  const pageAfter = (index: number): Page<Row> => {
    const slice = rows.slice(index, index + size);
    return { rows: slice, nextCursor: index + size < rows.length ? `c${index + size}` : null };
  };
  return { rows, head: () => pageAfter(0), older: async (cursor) => pageAfter(Number(cursor.slice(1))) };
}

const ids = (snapshot: HistorySnapshot<Row>) => snapshot.rows.map((each) => each.id);

describe('PagedHistory', () => {
  it('pages back to the oldest row, newest first, and then says nothing older is left', async () => {
    const list = history();
    const source = server(450, 200);
    list.applyHead(source.head());
    assert.equal(list.snapshot().rows.length, 200);
    assert.equal(list.snapshot().hasOlder, true);
    await list.loadOlder(source.older);
    assert.equal(list.snapshot().rows.length, 400);
    await list.loadOlder(source.older);
    assert.deepEqual(ids(list.snapshot()), source.rows.map((each) => each.id));
    assert.equal(list.snapshot().hasOlder, false);
    let asked = 0;
    await list.loadOlder(async () => {
      asked++;
      return { rows: [], nextCursor: null };
    });
    assert.equal(asked, 0, 'nothing is asked once the last page is in');
  });

  it('keeps older pages and live rows when a later poll of the newest page does not show them', async () => {
    const list = history();
    const source = server(300, 200);
    list.applyHead(source.head());
    await list.loadOlder(source.older);
    // A poll sent before the order was placed answers after it: the placed order must stay.
    list.upsert(row(301));
    list.applyHead(source.head());
    assert.equal(list.snapshot().rows.length, 301);
    assert.equal(list.snapshot().rows[0]!.id, 'o0301');
    assert.equal(list.snapshot().hasOlder, false, 'a poll of the head does not bring back a cursor once paged to the end');
  });

  it('takes the later version of a row, whatever order the poll, the POST answer and the stream arrive in', () => {
    const list = history();
    list.applyHead({ rows: [row(1, 'new', 1)], nextCursor: null });
    list.upsert(row(1, 'filled', 5));
    list.applyHead({ rows: [row(1, 'accepted', 3)], nextCursor: null });
    assert.equal(list.snapshot().rows[0]!.status, 'filled', 'a stale poll does not undo a newer update');
    list.applyHead({ rows: [{ ...row(1, 'filled', 5), status: 'filled (seen by the poll)' }], nextCursor: null });
    assert.equal(list.snapshot().rows[0]!.status, 'filled (seen by the poll)', 'the same version replaces (the poll has the full view)');
  });

  it('publishes a new list only when a row changed, so the grid is not handed the same rows again', () => {
    const list = history();
    const seen: Array<readonly Row[]> = [];
    list.subscribe((snapshot) => seen.push(snapshot.rows));
    const page = { rows: [row(2), row(1)], nextCursor: null };
    list.applyHead(page);
    list.applyHead({ rows: [...page.rows], nextCursor: null });
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1], 'an unchanged poll keeps the same array');
    list.upsert(row(2, 'cancelled', 9));
    assert.notEqual(seen[2], seen[1]);
    assert.deepEqual(
      seen[2]!.map((each) => each.status),
      ['cancelled', 'accepted'],
    );
  });

  it('keeps a failed older page as an error and can try again', async () => {
    const list = history();
    const source = server(250, 200);
    list.applyHead(source.head());
    await list.loadOlder(async () => {
      throw new Error('ORDER_SERVICE_DOWN');
    });
    assert.equal((list.snapshot().olderError as Error).message, 'ORDER_SERVICE_DOWN');
    assert.equal(list.snapshot().loadingOlder, false);
    assert.equal(list.snapshot().hasOlder, true);
    await list.loadOlder(source.older);
    assert.equal(list.snapshot().olderError, null);
    assert.equal(list.snapshot().rows.length, 250);
  });

  it('asks for one older page at a time', async () => {
    const list = history();
    const source = server(600, 200);
    list.applyHead(source.head());
    const cursors: string[] = [];
    const slow = async (cursor: string) => {
      cursors.push(cursor);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return source.older(cursor);
    };
    await Promise.all([list.loadOlder(slow), list.loadOlder(slow)]);
    assert.deepEqual(cursors, ['c200']);
    await list.loadOlder(slow);
    assert.deepEqual(cursors, ['c200', 'c400']);
  });

  it('drops an older page that answers after a reset (sign-out)', async () => {
    const list = history();
    const source = server(300, 200);
    list.applyHead(source.head());
    let release: () => void = () => undefined;
    const pending = list.loadOlder(async (cursor) => {
      await new Promise<void>((resolve) => (release = resolve));
      return source.older(cursor);
    });
    list.reset();
    release();
    await pending;
    assert.equal(list.snapshot().rows.length, 0);
    assert.equal(list.snapshot().loaded, false);
  });

  it('sorts newest first with equal times ordered by id', () => {
    const same = row(5);
    const sorted = sortNewestFirst([row(1), { ...same, id: 'a' }, row(9), { ...same, id: 'b' }], (each) => each.createdAt);
    assert.deepEqual(
      sorted.map((each) => each.id),
      ['o0009', 'b', 'a', 'o0001'],
    );
  });
});
