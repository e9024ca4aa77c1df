// The directory is small and read on every action: keep it in memory for a few seconds. Writes
// through this process drop the copy at once; other instances see them within the TTL.
import type { Directory } from '../domain/model';
import type { DirectoryStore } from '../domain/ports';

export class CachedDirectory implements DirectoryStore {
  private cached: { at: number; value: Promise<Directory> } | null = null;

  constructor(
    private readonly inner: DirectoryStore,
    private readonly ttlMs = 10_000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  load(): Promise<Directory> {
    if (!this.cached || this.nowMs() - this.cached.at > this.ttlMs) {
      const value = this.inner.load();
      this.cached = { at: this.nowMs(), value };
      value.catch(() => {
        if (this.cached?.value === value) this.cached = null;
      });
    }
    return this.cached.value;
  }

  get: DirectoryStore['get'] = (kind, id) => this.inner.get(kind, id);

  async createIfAbsent(...args: Parameters<DirectoryStore['createIfAbsent']>): Promise<boolean> {
    this.cached = null;
    return this.inner.createIfAbsent(...args);
  }

  async replace(...args: Parameters<DirectoryStore['replace']>): Promise<void> {
    this.cached = null;
    await this.inner.replace(...args);
    this.cached = null;
  }

  async remove(...args: Parameters<DirectoryStore['remove']>): Promise<void> {
    this.cached = null;
    await this.inner.remove(...args);
    this.cached = null;
  }
}
