/*
 * plain-page.js — the page module of pages that need nothing but the
 * shared layout (language switch, centre facts): 404.html, static notices.
 *   <script type="module" src="/js/plain-page.js"></script>
 */
import { start } from './layout.js';

await start({ strings: ['home'] });
