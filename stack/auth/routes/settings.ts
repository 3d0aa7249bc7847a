import type { Call, Ctx } from '../context.ts';
import { sendJson } from '../http.ts';

/** GET /health, in GoTrue's shape. */
export async function health(_ctx: Ctx, call: Call): Promise<void> {
	sendJson(call.res, 200, {
		version: 'stadtidee-local',
		name: 'GoTrue',
		description: 'GoTrue is a user registration and authentication API'
	});
}

const OAUTH_PROVIDERS = [
	'apple',
	'azure',
	'bitbucket',
	'discord',
	'facebook',
	'snapchat',
	'figma',
	'fly',
	'github',
	'gitlab',
	'google',
	'keycloak',
	'kakao',
	'linkedin',
	'linkedin_oidc',
	'notion',
	'spotify',
	'slack',
	'slack_oidc',
	'workos',
	'twitch',
	'twitter',
	'zoom'
];

/** GET /settings: which providers are on (email and anonymous only) and the confirmation mode. */
export async function settings(ctx: Ctx, call: Call): Promise<void> {
	const external: Record<string, boolean> = {
		anonymous_users: ctx.config.enableAnonymousSignIns,
		...Object.fromEntries(OAUTH_PROVIDERS.map((provider) => [provider, false])),
		email: ctx.config.email.enableSignup,
		phone: false
	};
	sendJson(call.res, 200, {
		external,
		disable_signup: !ctx.config.enableSignup,
		mailer_autoconfirm: !ctx.config.email.enableConfirmations,
		phone_autoconfirm: false,
		sms_provider: '',
		saml_enabled: false,
		saml_private_key_next_configured: false,
		passkeys_enabled: false
	});
}

/**
 * GET /.well-known/jwks.json: the public keys access tokens are signed with, for anyone verifying
 * them without asking us (PostgREST, the app). GoTrue lets it be cached for ten minutes.
 */
export async function jwks(ctx: Ctx, call: Call): Promise<void> {
	call.res.setHeader('cache-control', 'public, max-age=600');
	sendJson(call.res, 200, ctx.keys.jwks);
}
