import type { IdeaKind } from '$lib/schemas/idea';

/**
 * Marker markup (Leaflet divIcons, styled by map.css). Ideas are circles, business location
 * needs are squares; the field of action is its colour *and* its number from the legend, so
 * nothing depends on telling colours apart.
 */
export interface MarkerLook {
	colour: string;
	/** The field's position in the legend (1-based). */
	symbol: string;
	kind: IdeaKind;
}

const HEX = /^#[0-9a-f]{6}$/i;

/** Only a plain hex colour goes into the style attribute (it comes from the database). */
export function safeColour(colour: string | undefined): string {
	return colour && HEX.test(colour) ? colour : '#4a535c';
}

export function markerHtml(look: MarkerLook): string {
	const shape = look.kind === 'location_need' ? 'si-marker--need' : 'si-marker--idea';
	const symbol = look.symbol.replace(/[^0-9A-Za-z]/g, '').slice(0, 2);
	return `<span class="si-marker ${shape}" style="--marker-colour:${safeColour(look.colour)}">${symbol}</span>`;
}

/** A cluster bubble; `formatted` is the count as the reader's locale writes it. */
export function clusterHtml(count: number, formatted: string): string {
	const size = count < 10 ? 's' : count < 100 ? 'm' : 'l';
	const text = formatted.replace(/[<>&"']/g, '');
	return `<span class="si-cluster si-cluster--${size}">${text}</span>`;
}

/** Cluster bubbles grow with their count, so a glance shows where most ideas are. */
export function clusterSize(count: number): number {
	return count < 10 ? 32 : count < 100 ? 40 : 48;
}

/** The pin of a picked location. */
export const PIN_HTML = '<span class="si-pin"></span>';
