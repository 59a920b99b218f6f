/**
 * What filling one card costs, by surface: the view-models of every card the tests draw
 * (test/cards/every-card.ts) through our template expander (renderCard) and through
 * adaptivecards-templating, which filled them before. Prints microseconds per card.
 *
 *   npx tsx scripts/bench/render.ts            (RENDER_MS=300 to change the time per measurement)
 */
import * as ACData from 'adaptivecards-templating';
import { VIEW_MODELS } from '../../src/cards/cards.js';
import { renderCard, SURFACES, templateOf } from '../../src/cards/render.js';
import { drawings } from '../../test/cards/every-card.js';

const budget = Number(process.env.RENDER_MS ?? 300);

/** Microseconds per call of `fill` over `items`, run for about `budget` ms after as long a warm-up. */
function measure(items: readonly object[], fill: (data: object) => unknown): number {
  const warm = performance.now();
  while (performance.now() - warm < budget) for (const data of items) fill(data);
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budget) {
    for (const data of items) fill(data);
    calls += items.length;
    now = performance.now();
  }
  return ((now - start) * 1000) / calls;
}

console.log('µs per card     cards   library     ours   ×faster');
let libraryTotal = 0;
let oursTotal = 0;
for (const surface of SURFACES) {
  const items = [...drawings(surface)].map(({ ctx }) => VIEW_MODELS[surface](ctx));
  const template = new ACData.Template(templateOf(surface));
  const library = measure(items, (data) => template.expand({ $root: data }));
  const ours = measure(items, (data) => renderCard(surface, data));
  libraryTotal += library;
  oursTotal += ours;
  console.log(
    `${surface.padEnd(18)} ${String(items.length).padStart(4)} ${library.toFixed(1).padStart(9)} ${ours.toFixed(1).padStart(8)} ${(library / ours).toFixed(1).padStart(8)}`,
  );
}
console.log(
  `${'sum'.padEnd(18)} ${''.padStart(4)} ${libraryTotal.toFixed(1).padStart(9)} ${oursTotal.toFixed(1).padStart(8)} ${(libraryTotal / oursTotal).toFixed(1).padStart(8)}`,
);
