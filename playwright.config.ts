import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
import { APP_ORIGIN, E2E_PORT, STACK_FILE } from './tests/e2e/support/env.ts';

// Debian's Chromium rather than Playwright's download: nothing fetched at test time.
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
	throw new Error(`The end-to-end tests need Chromium at ${CHROMIUM}: apt-get install chromium`);
}

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	// Two workers even on two cores: a test mostly waits for the app, the database or the browser,
	// so a second one fills those gaps (on the project machine: 403 s instead of 517 s, see
	// docs/benchmarks.md). More than four would only queue up behind the one app server.
	workers: Math.min(4, Math.max(2, availableParallelism())),
	reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
	use: {
		baseURL: APP_ORIGIN,
		locale: 'de-DE',
		trace: 'on-first-retry',
		launchOptions: {
			executablePath: CHROMIUM,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [
		{
			name: 'phone',
			use: {
				viewport: { width: 390, height: 844 },
				isMobile: true,
				hasTouch: true,
				deviceScaleFactor: 3
			},
			// Only what differs on a phone: layout and accessibility of the public pages, touch and the
			// map (explore, the idea page), the wizard, the start page's paint. The rest (sign-in,
			// accounts, offline, legal texts, the wizard without JavaScript, the staff console, which
			// checks 390 px in a test of its own) behaves the same at any size and runs once, on the
			// desktop project, as do tests tagged @any-screen in the files listed here (server
			// refusals, drafts, pages without JavaScript). phone.spec.ts (touch targets, 200 % text,
			// the map on a phone) runs here only.
			testMatch:
				/\/(a11y|explore|idea-page|phone|photos|photos-ui|rounds-wizard|start|submit|submit-map)\.spec\.ts$/,
			grepInvert: /@any-screen/
		},
		// phone.spec.ts measures a phone's screen only; photos-ui.spec.ts attaches photos as a phone
		// does (the picker is the same on a desktop).
		{
			name: 'desktop',
			use: { viewport: { width: 1280, height: 800 } },
			testIgnore: /\/(phone|photos-ui)\.spec\.ts$/,
			grepInvert: /@alone/
		},
		// Tests that change what every visitor may do (closing submissions town-wide) run after all
		// others, when no other test can submit meanwhile.
		{
			name: 'alone',
			use: { viewport: { width: 1280, height: 800 } },
			testIgnore: /\/phone\.spec\.ts$/,
			grep: /@alone/,
			dependencies: ['phone', 'desktop']
		}
	],
	webServer: {
		command: 'node --import tsx scripts/e2e-server.ts',
		url: `${APP_ORIGIN}/healthz`,
		env: { E2E_PORT: String(E2E_PORT), E2E_STACK_FILE: STACK_FILE },
		// Building the app and a fresh database take a while on a cold machine.
		timeout: 240_000,
		reuseExistingServer: false,
		// SIGTERM lets the script stop PostgreSQL cleanly and delete its temporary data directory.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 }
	}
});
