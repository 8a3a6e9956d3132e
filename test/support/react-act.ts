// Tells React that renders happen inside act(), as ink-testing-library tests wrap them.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
