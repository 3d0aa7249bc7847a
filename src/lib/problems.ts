import type { MessageKey } from '$lib/i18n';

/** The part of the app a refusal is explained in: each has its own words for the same code. */
export type ProblemArea =
	'idea' | 'report' | 'submit' | 'photos' | 'staff' | 'agenda' | 'account' | 'admin' | 'rounds';

/** What add_idea_photo refuses (ADR 020), in the wizard and on the author's own idea page. */
const PHOTO_CODES: Record<string, MessageKey> = {
	photo_id_taken: 'photos.errors.invalidId',
	photo_id_required: 'photos.errors.invalidId',
	photo_limit_reached: 'photos.errors.tooMany',
	idea_not_editable: 'photos.errors.notEditable',
	alt_text_too_short: 'photos.errors.altTooShort',
	alt_text_too_long: 'photos.errors.altTooLong',
	photo_size_invalid: 'photos.errors.unreadable'
};

/**
 * The database's stable error codes (a refused call's PostgREST `message`, see docs/data-model.md)
 * that each part of the app explains, with the message it shows. A code a part does not list gets
 * that part's generic message: a refusal is never shown as a raw code.
 */
const PROBLEMS: Record<ProblemArea, { generic: MessageKey; codes: Record<string, MessageKey> }> = {
	idea: {
		generic: 'idea.errors.generic',
		codes: {
			idea_closed_for_votes: 'idea.errors.idea_closed_for_votes',
			idea_closed_for_comments: 'idea.errors.idea_closed_for_comments',
			idea_not_found: 'idea.errors.idea_not_found',
			comment_empty: 'idea.errors.comment_empty',
			comment_too_long: 'idea.errors.comment_too_long',
			comment_id_taken: 'idea.errors.comment_id_taken',
			rate_limited_comments: 'idea.errors.rate_limited_comments',
			not_signed_in: 'idea.errors.not_signed_in',
			anonymous_not_allowed: 'idea.errors.anonymous_not_allowed',
			email_not_confirmed: 'idea.errors.email_not_confirmed',
			forbidden: 'idea.errors.forbidden',
			markup_not_allowed: 'idea.errors.markup_not_allowed',
			query_too_long: 'idea.errors.query_too_long'
		}
	},
	report: {
		generic: 'idea.errors.generic',
		codes: {
			rate_limited_reports: 'idea.report.errors.rateLimited',
			duplicate: 'idea.report.errors.duplicate',
			not_signed_in: 'idea.errors.not_signed_in',
			anonymous_not_allowed: 'idea.errors.anonymous_not_allowed',
			email_not_confirmed: 'idea.errors.email_not_confirmed',
			markup_not_allowed: 'idea.errors.markup_not_allowed'
		}
	},
	submit: {
		generic: 'submit.errors.generic',
		codes: {
			location_required: 'submit.errors.locationRequired',
			location_invalid: 'submit.errors.locationInvalid',
			location_outside_boundary: 'submit.errors.outsideBoundary',
			title_too_short: 'submit.errors.titleTooShort',
			title_too_long: 'submit.errors.titleTooLong',
			body_too_long: 'submit.errors.bodyTooLong',
			place_hint_too_long: 'submit.errors.placeHintTooLong',
			markup_not_allowed: 'submit.errors.markup',
			field_required: 'submit.errors.fieldRequired',
			field_unknown: 'submit.errors.fieldRequired',
			field_archived: 'submit.errors.fieldRequired',
			need_type_required: 'submit.errors.needType',
			need_type_not_allowed: 'submit.errors.needType',
			business_profile_required: 'submit.errors.businessRequired',
			rate_limited_ideas: 'submit.errors.rateLimited',
			idea_id_taken: 'submit.errors.idTaken',
			not_signed_in: 'submit.errors.signInFirst',
			anonymous_not_allowed: 'submit.errors.signInFirst',
			email_not_confirmed: 'submit.errors.emailNotConfirmed',
			forbidden: 'submit.errors.forbidden',
			submissions_closed: 'rounds.errors.closed',
			round_mismatch: 'rounds.errors.mismatch',
			...PHOTO_CODES
		}
	},
	photos: {
		generic: 'submit.errors.generic',
		codes: {
			...PHOTO_CODES,
			idea_not_found: 'photos.errors.notFound',
			photo_not_found: 'photos.errors.notFound',
			markup_not_allowed: 'submit.errors.markup',
			not_signed_in: 'submit.errors.signInFirst',
			forbidden: 'submit.errors.forbidden'
		}
	},
	staff: {
		generic: 'staff.errors.generic',
		codes: {
			forbidden: 'staff.errors.forbidden',
			not_signed_in: 'staff.errors.forbidden',
			reason_required: 'staff.errors.reason_required',
			reason_invalid: 'staff.errors.reason_invalid',
			note_invalid: 'staff.errors.note_invalid',
			invalid_status_transition: 'staff.errors.invalid_status_transition',
			use_restore_idea: 'staff.errors.use_restore_idea',
			use_merge_ideas: 'staff.errors.invalid_status_transition',
			idea_not_found: 'staff.errors.idea_not_found',
			idea_not_hidden: 'staff.errors.idea_not_hidden',
			merge_invalid: 'staff.errors.merge_invalid',
			merge_target_invalid: 'staff.errors.merge_target_invalid',
			assignee_not_staff: 'staff.errors.assignee_not_staff',
			department_unknown: 'staff.errors.department_unknown',
			tags_invalid: 'staff.errors.tags_invalid',
			nothing_to_do: 'staff.errors.nothing_to_do',
			markup_not_allowed: 'staff.errors.markup_not_allowed',
			comment_not_found: 'staff.errors.comment_not_found',
			report_not_found: 'staff.errors.report_not_found',
			photo_not_found: 'staff.errors.photo_not_found',
			out_of_scope: 'staff.errors.out_of_scope',
			department_archived: 'staff.errors.department_archived'
		}
	},
	agenda: {
		generic: 'agenda.errors.failed',
		codes: {
			version_conflict: 'agenda.errors.version_conflict',
			measure_not_found: 'agenda.errors.measure_not_found',
			goal_not_found: 'agenda.errors.goal_not_found',
			idea_not_found: 'agenda.errors.idea_not_found',
			markup_not_allowed: 'agenda.errors.markup_not_allowed',
			forbidden: 'agenda.errors.forbidden',
			patch_invalid: 'agenda.errors.patch_invalid',
			detail_not_found: 'agenda.errors.detail_not_found',
			duplicate: 'agenda.errors.duplicate',
			check_failed: 'agenda.errors.check_failed'
		}
	},
	account: {
		generic: 'account.errors.saveFailed',
		codes: {
			last_admin: 'account.delete.lastAdmin',
			too_many_place_alerts: 'notifications.places.errors.tooMany',
			location_outside_boundary: 'notifications.places.errors.outside',
			invalid_push_subscription: 'notifications.devices.invalid',
			invitation_closed: 'account.invitation.errors.invitation_closed',
			invitation_invalid: 'account.invitation.errors.invitation_invalid',
			invitation_expired: 'account.invitation.errors.invitation_expired',
			invitation_other_email: 'account.invitation.errors.invitation_other_email'
		}
	},
	admin: {
		generic: 'admin.errors.failed',
		codes: {
			last_admin: 'admin.errors.last_admin',
			forbidden: 'admin.errors.forbidden',
			duplicate: 'admin.errors.duplicate',
			in_use: 'admin.errors.in_use',
			check_failed: 'admin.errors.check_failed',
			not_found: 'admin.errors.not_found',
			profile_not_found: 'admin.errors.profile_not_found',
			geometry_invalid: 'admin.errors.geometry_invalid',
			geometry_not_polygon: 'admin.errors.geometry_not_polygon',
			geometry_out_of_bounds: 'admin.errors.geometry_out_of_bounds',
			member_not_staff: 'admin.errors.member_not_staff',
			department_unknown: 'admin.errors.department_unknown',
			email_invalid: 'admin.errors.email_invalid',
			role_invalid: 'admin.errors.role_invalid',
			scope_not_staff: 'admin.errors.scope_not_staff',
			invitation_closed: 'admin.errors.invitation_closed',
			department_archived: 'admin.errors.department_archived',
			field_archived: 'admin.errors.field_archived'
		}
	},
	rounds: {
		generic: 'staff.rounds.errors.generic',
		codes: {
			round_title_invalid: 'staff.rounds.errors.title',
			round_question_invalid: 'staff.rounds.errors.question',
			round_dates_invalid: 'staff.rounds.errors.dates',
			field_unknown: 'staff.rounds.errors.field',
			district_unknown: 'staff.rounds.errors.district',
			markup_not_allowed: 'staff.rounds.errors.markup',
			round_published: 'staff.rounds.errors.published',
			round_not_found: 'staff.rounds.errors.notFound',
			check_failed: 'staff.rounds.errors.notFound',
			forbidden: 'staff.errors.forbidden'
		}
	}
};

/** A clear, translated message for a database error code; anything unexpected gets the generic one. */
export function problemFor(area: ProblemArea, code: string | undefined): MessageKey {
	const { generic, codes } = PROBLEMS[area];
	return (code && Object.hasOwn(codes, code) && codes[code]) || generic;
}
