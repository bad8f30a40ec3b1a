// Maps a partition key to a partition for the in-process bus. Invariant: deterministic for a given
// (key, partitions), so one key always lands on one partition and its events stay ordered. The Kafka
// bus leaves this to the client's default partitioner (murmur2, as in the Java client); the two need
// not agree because partitions never cross implementations.

/** FNV-1a (32-bit) of the key's UTF-8 bytes, modulo `partitions`. */
export function partitionForKey(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
