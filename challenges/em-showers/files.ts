export const trainingFile = "training.csv";
export const testFile = "test.csv";
export const answerKeyFile = "answer-key.csv";
export const baselineFile = "baseline-submission.csv";
/** Share of test basetracks on the public leaderboard. */
export const publicFraction = 0.3;
/** Share of imported bricks held out for the test set. */
export const testBrickFraction = 0.5;
