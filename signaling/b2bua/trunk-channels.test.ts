import { describe, expect, test } from 'vitest';
import { TrunkChannels } from './trunk-channels.ts';

describe('TrunkChannels', () => {
  test('tryAcquire() when maxChannels are held → false until one is released', () => {
    const channels = new TrunkChannels();
    expect(channels.tryAcquire(1, 2)).toBe(true);
    expect(channels.tryAcquire(1, 2)).toBe(true);
    expect(channels.tryAcquire(1, 2)).toBe(false);
    expect(channels.tryAcquire(2, 2)).toBe(true);
    channels.release(1);
    expect(channels.count(1)).toBe(1);
    expect(channels.tryAcquire(1, 2)).toBe(true);
  });

  test('tryAcquire() when the trunk has no limit → always true', () => {
    const channels = new TrunkChannels();
    for (let i = 0; i < 100; i++) expect(channels.tryAcquire(1, undefined)).toBe(true);
    expect(channels.count(1)).toBe(100);
  });

  test('D83 hold() → taken past the limit, and counted against tryAcquire()', () => {
    const channels = new TrunkChannels();
    channels.hold(1);
    channels.hold(1);
    expect(channels.count(1)).toBe(2);
    expect(channels.tryAcquire(1, 2)).toBe(false);
    channels.release(1);
    expect(channels.tryAcquire(1, 2)).toBe(true);
  });

  test('release() below zero → stays at zero', () => {
    const channels = new TrunkChannels();
    channels.release(1);
    expect(channels.count(1)).toBe(0);
  });
});
