import './style.css';

// A tiny router: each screen is its own chunk, so the join screen never loads Phaser.
const app = document.getElementById('app')!;
const route = location.pathname.replace(/\/+$/, '') || '/';

async function boot(): Promise<void> {
  if (route === '/host') (await import('./screens/console')).mountConsole(app);
  else if (route === '/join' || route.startsWith('/j/')) (await import('./screens/controller')).mountController(app);
  else if (route === '/stage') (await import('./screens/stagePage')).mountStagePage(app);
  else (await import('./screens/home')).mountHome(app);
}
void boot();
