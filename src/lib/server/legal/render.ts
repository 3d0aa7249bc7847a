import { micromark } from 'micromark';
import type { Locale } from '$lib/i18n';
import type { SiteSettings } from '../db/settings';
import type { LegalPage } from '../db/settings';

// The defaults ship with the app, one Markdown file per page and language (content, not UI text).
const DEFAULTS = import.meta.glob<string>('./*/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
});

const FILE: Record<LegalPage, string> = {
	impressum: 'impressum',
	datenschutz: 'datenschutz',
	barrierefreiheit: 'barrierefreiheit',
	leichteSprache: 'leichte-sprache'
};

/** The default text, with the municipality's name and addresses (as mail links) filled in. */
export function defaultText(
	page: LegalPage,
	locale: Locale,
	site: SiteSettings,
	missingAddress: string
): string {
	const template = DEFAULTS[`./${locale}/${FILE[page]}.md`];
	if (template === undefined) throw new Error(`no default ${page} text for ${locale}`);
	const mail = (address: string | null) => (address ? `<${address}>` : missingAddress);
	return template
		.replaceAll('{{municipality}}', site.municipalityName)
		.replaceAll('{{contact}}', mail(site.contactEmail))
		.replaceAll(
			'{{accessibilityContact}}',
			mail(site.accessibilityContactEmail ?? site.contactEmail)
		);
}

/**
 * Markdown to HTML with micromark's safe defaults: raw HTML is escaped and javascript: links are
 * dropped, so an admin's text cannot inject script. The page has its own translated h1, so a
 * leading "# Title" is dropped and other first-level headings move down a level. Single line
 * breaks are kept (addresses; Leichte Sprache has one sentence per line).
 */
export function renderMarkdown(markdown: string): string {
	const text = markdown.trimStart().replace(/^#[ \t]+[^\n]*(?:\n|$)/, '');
	return micromark(text)
		.replace(/<(\/?)h1>/g, '<$1h2>')
		.replace(
			/<p>([\s\S]*?)<\/p>/g,
			(_, paragraph: string) => `<p>${paragraph.replaceAll('\n', '<br />\n')}</p>`
		);
}
