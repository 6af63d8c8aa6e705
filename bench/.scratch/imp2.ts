import 'vega';
import 'discord.js';
console.log('ok2');
