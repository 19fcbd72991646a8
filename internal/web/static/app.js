// Progressive enhancement only: every page works without this script.
import DS from './vendor/sgds/design-system.js';

document.documentElement.classList.remove('no-js');
document.documentElement.classList.add('js-enabled');
DS.initAll();
