/** The value `build` returns on the first call, kept for every later call: one build per cold start. */
export const once = <T>(build: () => T): (() => T) => {
  let built: { readonly value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
};

/**
 * Like `once` for a load that may fail (a module brought in with `import()` on first use): the
 * promise of the first call is kept, unless it rejects; then the next call loads again.
 */
export const onceLoaded = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
};
