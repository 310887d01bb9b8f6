import base from './playwright.config';
export default { ...base, webServer: undefined, reporter: [['list']], use: { ...base.use, baseURL: 'http://localhost:4188' } };
