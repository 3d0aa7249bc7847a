import { getLegalText, type LegalPage, type SiteSettings } from '../db/settings';
import { messagesFor } from '../i18n';
import { defaultText, renderMarkdown } from './render';

/** The parts of a page's server load event this needs (the site settings come from the layout). */
interface Event {
	locals: App.Locals;
	parent(): Promise<{ site: SiteSettings }>;
}

/** A legal page: the municipality's own text if it wrote one, else the default for the locale. */
export async function loadLegalPage(event: Event, page: LegalPage) {
	const { site } = await event.parent();
	const own = await getLegalText(event.locals.supabase, page);
	const markdown =
		own ||
		defaultText(page, event.locals.locale, site, messagesFor(event.locals.locale).legal.noAddress);
	// The settings hold one text per page, written in German: other languages get it marked as such.
	return { html: renderMarkdown(markdown), lang: own ? 'de' : event.locals.locale };
}
