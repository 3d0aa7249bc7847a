import type { ParamMatcher } from '@sveltejs/kit';
import { PHOTO_SIZES, type PhotoSize } from '$lib/photos/rules';

export const match = ((param: string): param is PhotoSize =>
	Object.hasOwn(PHOTO_SIZES, param)) satisfies ParamMatcher;
