/**
 * A module loaded apart from the designer's first screen (a dynamic `import()`, its own chunk): asked for once,
 * shared by every caller, and available synchronously once it has arrived. A failed load (the network) is
 * forgotten, so the next call tries again.
 */
export interface LazyModule<M> {
  /** The module when it has arrived. */
  loaded(): M | undefined;
  load(): Promise<M>;
}

/** `importer` must be a literal `() => import('…')`, so the bundler makes the chunk. */
export function lazyModule<M>(importer: () => Promise<M>): LazyModule<M> {
  let module: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    loaded: () => module,
    load() {
      loading ??= importer().then(
        (m) => (module = m),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
  };
}
