import '../../src/stats/render.js';
import 'discord.js';
console.log('ok');
