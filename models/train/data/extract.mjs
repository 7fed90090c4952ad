// Regenerates fakerjs.tsv from @faker-js/faker 10.6.0 (MIT licence):
//
//   npm pack @faker-js/faker@10.6.0 && tar xzf faker-js-faker-10.6.0.tgz
//   mkdir -p node_modules/@faker-js && mv package node_modules/@faker-js/faker
//   node extract.mjs > fakerjs.tsv
//
// Each line is "locale<TAB>kind<TAB>value": first and last names, cities,
// street names, states and legal-entity suffixes of every locale (countries
// from "en" only), sorted, at most 500 per locale and kind (an even stride
// through the sorted list).
import { allLocales } from '@faker-js/faker';
const flat = (v) => v == null ? [] : Array.isArray(v) ? v : Object.values(v).flatMap(flat);
const plain = (s) => typeof s === 'string' && s.trim() !== '' && !/[{}()|#\t]/.test(s);
const byCodePoint = (a, b) => { const x = [...a], y = [...b]; for (let i = 0; i < Math.min(x.length, y.length); i++) { const d = x[i].codePointAt(0) - y[i].codePointAt(0); if (d) return d; } return x.length - y.length; };
const cap = 500;
const out = [];
for (const loc of Object.keys(allLocales).sort()) {
  if (loc === 'base' || loc === 'en_BORK' || loc === 'en_AU_ocker') continue;
  const d = allLocales[loc], p = d.person || {}, l = d.location || {}, c = d.company || {};
  const kinds = {
    city: flat(l.city_name), country: loc === 'en' ? flat(l.country) : [], first: flat(p.first_name),
    last: flat(p.last_name), orgsuffix: flat(c.legal_entity_type).concat(flat(c.suffix)),
    state: flat(l.state), street: flat(l.street_name),
  };
  for (const k of Object.keys(kinds).sort()) {
    let vs = [...new Set(kinds[k].filter(plain).map((s) => s.trim()))].sort(byCodePoint);
    if (vs.length > cap) { const step = vs.length / cap; vs = Array.from({ length: cap }, (_, i) => vs[Math.floor(i * step)]); }
    for (const v of vs) out.push(`${loc}\t${k}\t${v}`);
  }
}
process.stdout.write(out.join('\n') + '\n');
