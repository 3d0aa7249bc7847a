type Fields = Record<string, string | number | null | undefined>;

/**
 * Structured logs: one JSON object per line (stdout for info, stderr for errors), ready for any
 * log collector. Callers pass no personal data (IP, email, user id, query strings).
 */
export const log = {
	info: (msg: string, fields: Fields) => write(process.stdout, 'info', msg, fields),
	error: (msg: string, fields: Fields) => write(process.stderr, 'error', msg, fields)
};

function write(stream: NodeJS.WriteStream, level: string, msg: string, fields: Fields) {
	stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}
