// Types of raw-http.mjs (plain JS so that scripts/attack.mjs can import it).
export function raw(port: number, bytes: Buffer, ms: number): Promise<{ status: number | null; text: string }>;
export function leaks(text: string): string[];
