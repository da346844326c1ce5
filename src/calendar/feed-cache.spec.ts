import { ChangeLog } from '../database/change-log';
import { BuiltFeed, FeedCache } from './feed-cache';

/** A cache whose builds count themselves and make a body of `size` bytes. */
function setup(size: number) {
  const cache = new FeedCache(new ChangeLog());
  const builds: string[] = [];
  const get = async (key: string) =>
    cache.get(key, (scopes) => {
      scopes.watch('events');
      builds.push(key);
      return Promise.resolve<BuiltFeed>({ body: Buffer.alloc(size), etag: `"${key}"` });
    });
  return { get, builds };
}

describe('FeedCache', () => {
  it('keeps bodies up to MAX_BYTES, dropping the least recently asked for first', async () => {
    const { get, builds } = setup(FeedCache.MAX_BYTES / 4);
    for (const key of ['a', 'b', 'c', 'd']) await get(key);
    await get('a');
    expect(builds).toEqual(['a', 'b', 'c', 'd']);

    // A fifth body is over the budget: 'b' was asked for least recently ('a' was asked for again).
    await get('e');
    await get('a');
    await get('c');
    expect(builds).toEqual(['a', 'b', 'c', 'd', 'e']);
    await get('b');
    expect(builds).toEqual(['a', 'b', 'c', 'd', 'e', 'b']);
  });

  it('keeps a body larger than the budget alone, until another is built', async () => {
    const { get, builds } = setup(FeedCache.MAX_BYTES + 1);
    await get('a');
    await get('a');
    expect(builds).toEqual(['a']);
    await get('b');
    await get('a');
    expect(builds).toEqual(['a', 'b', 'a']);
  });
});
