"""Reference values for the core tests (GaussianTests, DistributionTests, ActivationTests).

Run with numpy 2.4.6 / scipy 1.17.1: python3 reference_values.py. The fold moments are integrated
directly with quad (an independent method from the closed forms in Distribution.fmod/remainder).
"""
import numpy as np, scipy
from scipy import special, stats, integrate
print("scipy", scipy.__version__, "numpy", np.__version__)
for x in [0.1,0.5,1.0,2.0,2.9,3.1,4.0,6.0]:
    print("erf", x, repr(special.erf(x)), "erfc", repr(special.erfc(x)))
for a,b in [(-2,2),(-1,1),(-3,1),(0,np.inf),(-np.inf,0.5),(1,3)]:
    t=stats.truncnorm(a,b); print("truncnorm",a,b,repr(t.std()),repr(t.mean()))
def fold_moments(m, kind):
    # integrate directly
    if kind=='fmod':
        f=lambda z: np.fmod(z,m)
    else:
        f=lambda z: np.remainder(z,m)
    pts=[k*m for k in range(int(-12/m)-1,int(12/m)+2)]
    pts=[p for p in pts if -12<p<12]
    e1=integrate.quad(lambda z: f(z)*stats.norm.pdf(z),-12,12,points=pts,limit=2000,epsabs=1e-14)[0]
    e2=integrate.quad(lambda z: f(z)**2*stats.norm.pdf(z),-12,12,points=pts,limit=2000,epsabs=1e-14)[0]
    return e1, np.sqrt(e2-e1*e1)
for m in [0.5,1.0,np.sqrt(2),2.0,3.0]:
    print("fmod",m,repr(fold_moments(m,'fmod')))
    print("remainder",m,repr(fold_moments(m,'rem')))
p=2*stats.norm.sf(2)
print("dl4j redraw", repr(np.sqrt(1-p*p)*stats.truncnorm(-2,2).std()))
for name,f in [("gelu",lambda x:x*stats.norm.cdf(x)),("silu",lambda x:x/(1+np.exp(-x))),("mish",lambda x:x*np.tanh(np.log1p(np.exp(x)))),("elu",lambda x: x if x>=0 else np.expm1(x)),("tanh",np.tanh),("sigmoid",lambda x:1/(1+np.exp(-x))),("softplus",lambda x:np.log1p(np.exp(x))),("selu",lambda x:1.0507009873554805*(x if x>=0 else 1.6732632423543772*np.expm1(x))),("leaky0.2",lambda x: x if x>=0 else 0.2*x)]:
    e2=integrate.quad(lambda z: f(z)**2*stats.norm.pdf(z),-np.inf,0,epsabs=1e-14)[0]+integrate.quad(lambda z: f(z)**2*stats.norm.pdf(z),0,np.inf,epsabs=1e-14)[0]
    print("gain",name,repr(e2),repr(1/np.sqrt(e2)))
# Excess kurtosis (DistributionTests.kurtosisMatchesScipy): truncnorm from scipy's own moments, folds integrated directly.
for a,b in [(-2,2),(2.5,4),(-1,3)]:
    print("truncnorm kurtosis",a,b,repr(float(stats.truncnorm(a,b).stats(moments='k'))))
def fold_kurtosis(m, kind):
    f=(lambda z: np.fmod(z,m)) if kind=='fmod' else (lambda z: np.remainder(z,m))
    pts=[k*m for k in range(int(-12/m)-1,int(12/m)+2) if -12<k*m<12]
    e=[integrate.quad(lambda z: f(z)**p*stats.norm.pdf(z),-12,12,points=pts,limit=2000,epsabs=1e-15)[0] for p in range(5)]
    m2=e[2]-e[1]**2; m4=e[4]-4*e[1]*e[3]+6*e[1]**2*e[2]-3*e[1]**4
    return m4/m2**2-3
for m in [1.0,2.0]:
    print("fmod kurtosis",m,repr(fold_kurtosis(m,'fmod')),"remainder kurtosis",m,repr(fold_kurtosis(m,'rem')))
t=stats.truncnorm(-2,2)
print("dl4j redraw kurtosis", repr(t.moment(4)/((1-p*p)*t.var()**2)-3))
