// Writes ../assets/world.svg: country outlines from world-atlas countries-110m (Natural Earth
// 1:110m, public domain; world-atlas is ISC) in an equirectangular projection whose user units
// are degrees: x = lon + 180, y = 90 - lat, viewBox 0 0 360 180. The web app plots places with
// the same formula. Run once with `npm install && npm run build`; the output is committed.
import { readFileSync, writeFileSync } from 'node:fs';
import { feature } from 'topojson-client';

const topo = JSON.parse(readFileSync('node_modules/world-atlas/countries-110m.json', 'utf8'));
const countries = feature(topo, topo.objects.countries).features;
const r = (v) => Math.round(v * 10) / 10;
// A ring as path data; a step of more than 180° in longitude crosses the antimeridian, so the
// ring is broken there instead of drawing a line across the whole map.
function ring(coords) {
  let d = '', prev = '', lastLon = null;
  coords.forEach(([lon, lat], i) => {
    const p = `${r(lon + 180)} ${r(90 - lat)}`;
    if (p === prev) return;
    const jump = lastLon !== null && Math.abs(lon - lastLon) > 180;
    d += (i === 0 || jump ? 'M' : 'L') + p;
    prev = p;
    lastLon = lon;
  });
  return d + 'Z';
}
const paths = [];
for (const f of countries) {
  const g = f.geometry;
  if (!g) continue;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const d = polys.map((poly) => poly.map(ring).join('')).join('');
  const name = (f.properties.name || '').replace(/[<>&"]/g, '');
  paths.push(`<path class="land" d="${d}"><title>${name}</title></path>`);
}
const grid = [];
for (let lon = -150; lon <= 150; lon += 30) grid.push(`M${lon + 180} 0V180`);
for (let lat = -60; lat <= 60; lat += 30) grid.push(`M0 ${90 - lat}H360`);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180">` +
  `<path class="graticule" d="${grid.join('')}"/>` + paths.join('') + `</svg>\n`;
writeFileSync('../assets/world.svg', svg);
console.log(`world.svg: ${countries.length} countries, ${svg.length} bytes`);
