// Placeholder entry point; implemented in the foundation/intake work.
export const handler = async (): Promise<void> => {};
