import type { Translate } from '../i18n/index';
import { describe, notificationPath, type Told } from './describe';

/** How often a person gets mail about a kind of event (the database's `email_frequency`). */
export type MailFrequency = 'instant' | 'daily' | 'weekly';

export interface MailItem extends Told {
	ideaId: string;
	createdAt: string;
}

export interface MailInput {
	frequency: MailFrequency;
	/** Oldest first. */
	items: MailItem[];
	/** The app's public origin, e.g. https://stadtidee.musterstadt.de */
	appUrl: string;
	/** One click, no sign-in: stops these mails (also the List-Unsubscribe target). */
	unsubscribeUrl: string;
}

export interface ComposedMail {
	subject: string;
	text: string;
	html: string;
}

export interface IdeaGroup {
	ideaId: string;
	/** Where the recipient reads more: the idea's page, for an assignment its page in the console. */
	path: string;
	items: MailItem[];
}

/** A digest's items per idea: ideas in the order of their first news, news oldest first. */
export function groupByIdea(items: MailItem[]): IdeaGroup[] {
	const groups = new Map<string, IdeaGroup>();
	const sorted = [...items].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	for (const item of sorted) {
		const path = notificationPath(item.kind, item.ideaId);
		const group = groups.get(path) ?? { ideaId: item.ideaId, path, items: [] };
		group.items.push(item);
		groups.set(path, group);
	}
	return [...groups.values()];
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};
const escape = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

/**
 * A notification mail in the translator's language: plain text and simple, accessible HTML (a
 * language, a heading, lists, real links; no images, no tracking, nothing loaded from anywhere).
 */
export function composeNotificationMail(
	input: MailInput,
	t: Translate,
	lang: string
): ComposedMail {
	const groups = groupByIdea(input.items);
	const preferencesUrl = new URL('/konto/benachrichtigungen/einstellungen', input.appUrl).href;
	const subject =
		input.frequency === 'instant' && input.items.length === 1
			? t('notifications.mail.subjectOne', { what: describe(input.items[0]!, t) })
			: t(`notifications.mail.subject.${input.frequency}`, { count: input.items.length });
	const intro = t(`notifications.mail.intro.${input.frequency}`);
	const footer = [
		t('notifications.mail.why'),
		t('notifications.mail.preferences', { url: preferencesUrl }),
		t('notifications.mail.unsubscribe', { url: input.unsubscribeUrl })
	];

	const text = [
		t('notifications.mail.hello'),
		'',
		intro,
		'',
		...groups.flatMap((group) => [
			...group.items.map((item) => `- ${describe(item, t)}`),
			`  ${new URL(group.path, input.appUrl).href}`,
			''
		]),
		'-- ',
		...footer
	].join('\n');

	const html = `<!doctype html>
<html lang="${escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(subject)}</title>
</head>
<body style="font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; max-width: 40rem; margin: 0 auto; padding: 1rem;">
<h1 style="font-size: 1.25rem;">${escape(subject)}</h1>
<p>${escape(t('notifications.mail.hello'))}</p>
<p>${escape(intro)}</p>
${groups
	.map(
		(group) => `<ul>
${group.items.map((item) => `<li>${escape(describe(item, t))}</li>`).join('\n')}
</ul>
<p><a href="${escape(new URL(group.path, input.appUrl).href)}" style="color: #0645ad;">${escape(t('notifications.mail.open'))}</a></p>`
	)
	.join('\n')}
<hr>
<p style="font-size: 0.9rem;">${escape(t('notifications.mail.why'))}<br>
<a href="${escape(preferencesUrl)}" style="color: #0645ad;">${escape(t('notifications.mail.preferencesLink'))}</a> ·
<a href="${escape(input.unsubscribeUrl)}" style="color: #0645ad;">${escape(t('notifications.mail.unsubscribeLink'))}</a></p>
</body>
</html>
`;
	return { subject, text, html };
}
