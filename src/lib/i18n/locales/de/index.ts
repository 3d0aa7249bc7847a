// One file per area of the app, each its own top-level key: parallel work touches different files.
import account from './account.json';
import admin from './admin.json';
import agenda from './agenda.json';
import app from './app.json';
import auth from './auth.json';
import business from './business.json';
import dashboard from './dashboard.json';
import error from './error.json';
import footer from './footer.json';
import idea from './idea.json';
import ideas from './ideas.json';
import language from './language.json';
import layout from './layout.json';
import legal from './legal.json';
import map from './map.json';
import nav from './nav.json';
import notifications from './notifications.json';
import offline from './offline.json';
import photos from './photos.json';
import rounds from './rounds.json';
import staff from './staff.json';
import start from './start.json';
import submit from './submit.json';

export default {
	account,
	admin,
	agenda,
	app,
	auth,
	business,
	dashboard,
	error,
	footer,
	idea,
	ideas,
	language,
	layout,
	legal,
	map,
	nav,
	notifications,
	offline,
	photos,
	rounds,
	staff,
	start,
	submit
};
