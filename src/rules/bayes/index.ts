export { BayesModelError, bayesModelSchema, loadBayesModel, type BayesModel } from './bayes-model.js';
export { bayesProbability } from './bayes-probability.js';
export { bayesTokens } from './bayes-tokens.js';
export { evaluateBayes, type DirectoryScore } from './evaluate-bayes.js';
export { trainBayes, type TrainBayesOptions, type TrainedBayes } from './train-bayes.js';
