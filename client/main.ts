import './style.css';
import { HEX } from '../assets/palette';

// The one palette (assets/palette.ts) drives the DOM colours too; style.css carries the same values.
const css = document.documentElement.style;
css.setProperty('--ink', HEX.ink);
css.setProperty('--buyer', HEX.buyer);
css.setProperty('--buyer-light', HEX.buyerLight);
css.setProperty('--buyer-dark', HEX.buyerDark);
css.setProperty('--provider', HEX.provider);
css.setProperty('--provider-light', HEX.providerLight);
css.setProperty('--provider-dark', HEX.providerDark);
css.setProperty('--stories', HEX.stories);
css.setProperty('--budget', HEX.budget);
css.setProperty('--hazard', HEX.hazard);

// A tiny router: each screen is its own chunk, so the join screen never loads Phaser.
const app = document.getElementById('app')!;
const route = location.pathname.replace(/\/+$/, '') || '/';

async function boot(): Promise<void> {
  if (route === '/host') (await import('./screens/console')).mountConsole(app);
  else if (route === '/join' || route.startsWith('/j/')) (await import('./screens/controller')).mountController(app);
  else if (route === '/stage') (await import('./screens/stagePage')).mountStagePage(app);
  else if (route === '/replay') (await import('./screens/replay')).mountReplay(app);
  else if (route === '/studio') (await import('./studio/studio')).mountStudio(app);
  else (await import('./screens/home')).mountHome(app);
}
void boot();
