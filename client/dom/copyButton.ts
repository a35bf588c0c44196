import { el } from './el';

/** A button that copies `text()` to the clipboard and says so (falls back to selecting a prompt). */
export function copyButton(label: string, text: () => string | Promise<string>, attrs: Record<string, string> = {}): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'copy', ...attrs }, label);
  button.addEventListener('click', async () => {
    const value = await text();
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value);
      flash(button, label, 'Copied ✓');
    } catch {
      window.prompt('Copy this:', value);
    }
  });
  return button;
}

function flash(button: HTMLButtonElement, label: string, done: string): void {
  button.textContent = done;
  setTimeout(() => (button.textContent = label), 1800);
}
