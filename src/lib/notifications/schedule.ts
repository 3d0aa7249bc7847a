/**
 * When digests go out: daily at 07:00 in the town's time zone, weekly on Monday at 07:00. A digest
 * covers what was not mailed yet and happened before its window's end, so the windows only need to
 * say where the last one ended (the database keeps one digest per person and window).
 */

export const TIME_ZONE = 'Europe/Berlin';
export const DIGEST_HOUR = 7;

export interface DigestWindows {
	/** The latest daily send time at or before now. */
	daily: Date;
	/** The latest Monday send time at or before now. */
	weekly: Date;
}

interface LocalDate {
	year: number;
	month: number;
	day: number;
}

const parts = new Intl.DateTimeFormat('en-US', {
	timeZone: TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: 'numeric',
	day: 'numeric',
	hour: 'numeric',
	minute: 'numeric',
	second: 'numeric'
});

/** The wall-clock fields of an instant in the town's time zone. */
function local(instant: Date): LocalDate & { hour: number; minute: number; second: number } {
	const fields = Object.fromEntries(
		parts.formatToParts(instant).map((part) => [part.type, Number(part.value)])
	);
	return {
		year: fields.year!,
		month: fields.month!,
		day: fields.day!,
		hour: fields.hour!,
		minute: fields.minute!,
		second: fields.second!
	};
}

/** Milliseconds the town's clock is ahead of UTC at an instant (CET +1 h, CEST +2 h). */
function offset(instant: Date): number {
	const wall = local(instant);
	const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
	return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant the town's clocks show `hour`:00 on a date (daylight saving time included). */
export function atLocalHour(date: LocalDate, hour: number): Date {
	const guess = Date.UTC(date.year, date.month - 1, date.day, hour);
	const first = new Date(guess - offset(new Date(guess)));
	return new Date(guess - offset(first));
}

function addDays(date: LocalDate, days: number): LocalDate {
	const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
	return {
		year: shifted.getUTCFullYear(),
		month: shifted.getUTCMonth() + 1,
		day: shifted.getUTCDate()
	};
}

export function digestWindows(now: Date = new Date()): DigestWindows {
	const today = local(now);
	let daily = atLocalHour(today, DIGEST_HOUR);
	let day: LocalDate = today;
	if (daily > now) {
		day = addDays(today, -1);
		daily = atLocalHour(day, DIGEST_HOUR);
	}
	// Days back from the daily window's date to its Monday (getUTCDay: Sunday 0 … Saturday 6).
	const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
	const weekly = atLocalHour(addDays(day, -((weekday + 6) % 7)), DIGEST_HOUR);
	return { daily, weekly };
}
