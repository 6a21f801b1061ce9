import { render } from 'preact';
import { App } from './app.js';
import { InvertPreviewEngine } from './engine/invert-preview-engine.js';
import './styles.css';

// The only engine until the PowerPaint model engine from models/ is wired in; the window says so.
const engine = new InvertPreviewEngine();

const root = document.getElementById('app');
if (root === null) throw new Error('ui.html has no #app element.');
render(<App engine={engine} />, root);
