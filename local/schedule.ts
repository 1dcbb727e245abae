/** A local stand-in for an EventBridge schedule: runs a job every `everyMs`, never two at once. */
export const startSchedule = (
  everyMs: number,
  job: () => Promise<void>,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } => {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = job()
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const interval = setInterval(tick, everyMs);
  return {
    stop: async () => {
      clearInterval(interval);
      await running;
    },
  };
};
