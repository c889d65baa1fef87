import { dialectFactories } from './dialectFactories.js';
import { speedLayerSuite } from './speedLayerSuite.js';

speedLayerSuite(dialectFactories.pglite);
