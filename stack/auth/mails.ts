/** What a mail asks its reader to do; also the `type` of the /verify link in it. */
export type MailType =
	'signup' | 'invite' | 'magiclink' | 'recovery' | 'email_change' | 'reauthentication';

/** An auth mail as it goes to SMTP. */
export interface AuthMail {
	to: string;
	type: MailType;
	subject: string;
	text: string;
	html: string;
}

interface Wording {
	subject: string;
	de: string;
	en: string;
}

/** Short bilingual texts in the spirit of Supabase's default templates. */
const WORDING: Record<MailType, Wording> = {
	signup: {
		subject: 'Bitte bestätigen Sie Ihre E-Mail-Adresse / Confirm your email address',
		de: 'bitte bestätigen Sie Ihre E-Mail-Adresse für Stadtidee:',
		en: 'please confirm your email address for Stadtidee:'
	},
	invite: {
		subject: 'Einladung zu Stadtidee / You have been invited to Stadtidee',
		de: 'Sie wurden zu Stadtidee eingeladen. Nehmen Sie die Einladung hier an:',
		en: 'you have been invited to Stadtidee. Accept the invitation here:'
	},
	magiclink: {
		subject: 'Ihr Anmeldelink für Stadtidee / Your Stadtidee sign-in link',
		de: 'mit diesem Link melden Sie sich bei Stadtidee an:',
		en: 'use this link to sign in to Stadtidee:'
	},
	recovery: {
		subject: 'Passwort zurücksetzen / Reset your password',
		de: 'mit diesem Link setzen Sie Ihr Passwort für Stadtidee zurück:',
		en: 'use this link to reset your Stadtidee password:'
	},
	email_change: {
		subject: 'Neue E-Mail-Adresse bestätigen / Confirm your email change',
		de: 'bitte bestätigen Sie die Änderung Ihrer E-Mail-Adresse bei Stadtidee:',
		en: 'please confirm the change of your Stadtidee email address:'
	},
	reauthentication: {
		subject: 'Ihr Bestätigungscode / Confirm it is you',
		de: 'um Ihr Passwort bei Stadtidee zu ändern, bestätigen Sie bitte, dass Sie es sind.',
		en: 'to change your Stadtidee password, please confirm that it is you.'
	}
};

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

export function escapeHtml(value: string): string {
	return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

export interface MailContent {
	to: string;
	type: MailType;
	otp: string;
	link: string;
	tokenHash: string;
	redirectTo: string;
	/** OTP lifetime in seconds, stated in the mail. */
	expiresIn: number;
}

export function composeMail(content: MailContent): AuthMail {
	const wording = WORDING[content.type];
	const minutes = Math.round(content.expiresIn / 60);
	// Like GoTrue's reauthentication template, a mail without a link asks for the code alone.
	const codeDe = content.link ? 'Oder geben Sie diesen Code ein' : 'Geben Sie diesen Code ein';
	const codeEn = content.link ? 'Or enter this code' : 'Enter this code';
	const text = [
		'Hallo,',
		wording.de,
		...(content.link ? [content.link] : []),
		`${codeDe}: ${content.otp} (gültig ${minutes} Minuten).`,
		'',
		'Hello,',
		wording.en,
		...(content.link ? [content.link] : []),
		`${codeEn}: ${content.otp} (valid for ${minutes} minutes).`,
		'',
		'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail. / ' +
			'If you did not ask for this, ignore this email.'
	].join('\n');
	const link = escapeHtml(content.link);
	const anchor = content.link ? `<a href="${link}">${link}</a><br>` : '';
	const otp = escapeHtml(content.otp);
	const html = [
		`<p lang="de">Hallo,<br>${escapeHtml(wording.de)}<br>${anchor}`,
		`${codeDe}: <strong>${otp}</strong></p>`,
		`<p lang="en">Hello,<br>${escapeHtml(wording.en)}<br>${anchor}`,
		`${codeEn}: <strong>${otp}</strong></p>`
	].join('\n');
	return { to: content.to, type: content.type, subject: wording.subject, text, html };
}
