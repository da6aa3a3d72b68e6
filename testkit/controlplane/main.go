// Command controlplane runs a small real Kubernetes control plane for vmnetdiag's tests and for
// development: embedded etcd, kube-apiserver in-process (as Kubernetes' own integration tests start
// it), and the garbage-collector, namespace and service-account controllers of
// kube-controller-manager. Everything listens on 127.0.0.1 only, with generated certificates.
//
// It writes an admin kubeconfig to -kubeconfig, prints one line "controlplane ready <url> <kubeconfig>"
// on stdout, and runs until SIGINT or SIGTERM, or with -exit-on-stdin-eof until its standard input
// closes (so a test JVM that dies takes it along).
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	cacheddiscovery "k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/controller-manager/pkg/informerfactory"
	"k8s.io/klog/v2"
	apiservertesting "k8s.io/kubernetes/cmd/kube-apiserver/app/testing"
	"k8s.io/kubernetes/pkg/controller/garbagecollector"
	"k8s.io/kubernetes/pkg/controller/namespace"
	"k8s.io/kubernetes/pkg/controller/serviceaccount"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "where to write the admin kubeconfig (required)")
	dataDir := flag.String("data-dir", "", "etcd's data directory (default: a temporary directory, removed at exit)")
	verbose := flag.Bool("verbose", false, "log the API server's, etcd's and the controllers' own output")
	exitOnEOF := flag.Bool("exit-on-stdin-eof", false, "stop when standard input closes (how a test JVM takes it along when it dies)")
	flag.Parse()
	if *kubeconfig == "" {
		fmt.Fprintln(os.Stderr, "controlplane: -kubeconfig is required")
		os.Exit(2)
	}
	if !*verbose {
		quietKlog()
	}
	if err := run(*kubeconfig, *dataDir, *exitOnEOF, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "controlplane:", err)
		os.Exit(1)
	}
}

func run(kubeconfigPath, dataDir string, exitOnEOF, verbose bool) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if exitOnEOF {
		go func() { // stdin closed: the parent is gone
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	if dataDir == "" {
		tmp, err := os.MkdirTemp("", "vmnetdiag-etcd")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dataDir = tmp
	}
	etcdURL, etcd, err := startEtcd(dataDir, verbose)
	if err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	defer etcd.Close()

	// The kubeconfig's directory also gets the audit log, its policy and the stand-in kubelet's certificate.
	outDir := filepath.Dir(kubeconfigPath)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	auditPolicy, err := writeAuditPolicy(outDir)
	if err != nil {
		return err
	}
	tb := newProcessTB()
	defer tb.cleanup()
	storage := storagebackend.NewDefaultConfig("/registry", nil)
	storage.Transport.ServerList = []string{etcdURL}
	server, err := apiservertesting.StartTestServer(tb, apiservertesting.NewDefaultTestServerOptions(), []string{
		"--authorization-mode=Node,RBAC",
		// The default plugin set, PodSecurity and ServiceAccount included; named to make it visible.
		"--enable-admission-plugins=NamespaceLifecycle,ServiceAccount,PodSecurity,DefaultStorageClass,ResourceQuota",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--api-audiences=https://kubernetes.default.svc.cluster.local",
		// Every request's verb, resource and user, written before it is answered: tests read what an
		// identity (the operator's service account) actually did.
		"--audit-policy-file=" + auditPolicy,
		"--audit-log-path=" + filepath.Join(outDir, "audit.log"),
		"--audit-log-mode=blocking-strict",
		"--audit-log-format=json",
	}, storage)
	if err != nil {
		return fmt.Errorf("kube-apiserver: %w", err)
	}
	defer server.TearDownFn()

	if err := startControllers(ctx, server.ClientConfig); err != nil {
		return fmt.Errorf("controllers: %w", err)
	}
	if err := writeKubeconfig(kubeconfigPath, server); err != nil {
		return fmt.Errorf("kubeconfig: %w", err)
	}
	if err := writeKubeletServingCert(outDir); err != nil {
		return fmt.Errorf("kubelet certificate: %w", err)
	}
	fmt.Printf("controlplane ready %s %s\n", server.ClientConfig.Host, kubeconfigPath)
	<-ctx.Done()
	fmt.Fprintln(os.Stderr, "controlplane: stopping")
	return nil
}

// startEtcd runs etcd in this process on free loopback ports; fsync is off, as the data is thrown away.
// A port found free can be taken by another socket before etcd binds it: then it tries again on new ports.
func startEtcd(dataDir string, verbose bool) (string, *embed.Etcd, error) {
	for attempt := 1; ; attempt++ {
		address, etcd, err := startEtcdOnce(dataDir, verbose)
		if err == nil || attempt == 5 || !strings.Contains(err.Error(), "address already in use") {
			return address, etcd, err
		}
		fmt.Fprintf(os.Stderr, "controlplane: etcd: %v; again on other ports\n", err)
	}
}

func startEtcdOnce(dataDir string, verbose bool) (string, *embed.Etcd, error) {
	clientPort, err := freePort()
	if err != nil {
		return "", nil, err
	}
	peerPort, err := freePort()
	if err != nil {
		return "", nil, err
	}
	cfg := embed.NewConfig()
	cfg.Name = "vmnetdiag"
	cfg.Dir = dataDir
	cfg.UnsafeNoFsync = true
	cfg.LogLevel = "fatal" // its shutdown reports closed listeners as errors
	if verbose {
		cfg.LogLevel = "info"
	}
	clientURL := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", clientPort)}
	peerURL := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", peerPort)}
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{clientURL}, []url.URL{clientURL}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peerURL}, []url.URL{peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.ListenMetricsUrls = nil
	etcd, err := embed.StartEtcd(cfg)
	if err != nil {
		return "", nil, err
	}
	select {
	case <-etcd.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		etcd.Close()
		return "", nil, fmt.Errorf("not ready after 60s")
	}
	return clientURL.String(), etcd, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startControllers runs the kube-controller-manager loops the tests rely on: garbage collection
// (owner references), namespace deletion, and the default ServiceAccount in every namespace (which
// the ServiceAccount admission plugin requires before it admits a pod).
func startControllers(ctx context.Context, config *restclient.Config) error {
	cfg := restclient.CopyConfig(config)
	client, err := kubernetes.NewForConfig(restclient.AddUserAgent(cfg, "vmnetdiag-controlplane"))
	if err != nil {
		return err
	}
	metadataClient, err := metadata.NewForConfig(cfg)
	if err != nil {
		return err
	}
	sharedInformers := informers.NewSharedInformerFactory(client, 0)
	metadataInformers := metadatainformer.NewSharedInformerFactory(metadataClient, 0)

	discoveryClient := cacheddiscovery.NewMemCacheClient(client.Discovery())
	restMapper := restmapper.NewDeferredDiscoveryRESTMapper(discoveryClient)
	restMapper.Reset()
	alwaysStarted := make(chan struct{})
	close(alwaysStarted)
	gc, err := garbagecollector.NewGarbageCollector(ctx, client, metadataClient, restMapper,
		garbagecollector.DefaultIgnoredResources(),
		informerfactory.NewInformerFactory(sharedInformers, metadataInformers), alwaysStarted)
	if err != nil {
		return err
	}
	// New CRDs (the tests install NetworkDiagnosis) are picked up by the periodic sync.
	syncPeriod := 2 * time.Second
	go wait.Until(restMapper.Reset, syncPeriod, ctx.Done())
	go gc.Run(ctx, 2, syncPeriod)
	go gc.Sync(ctx, client.Discovery(), syncPeriod)

	nsController := namespace.NewNamespaceController(ctx, client, metadataClient,
		client.Discovery().ServerPreferredNamespacedResources, sharedInformers.Core().V1().Namespaces(),
		10*time.Minute, corev1.FinalizerKubernetes)
	go nsController.Run(ctx, 2)

	saController, err := serviceaccount.NewServiceAccountsController(sharedInformers.Core().V1().ServiceAccounts(),
		sharedInformers.Core().V1().Namespaces(), client, serviceaccount.DefaultServiceAccountsControllerOptions())
	if err != nil {
		return err
	}
	go saController.Run(ctx, 1)

	sharedInformers.Start(ctx.Done())
	metadataInformers.Start(ctx.Done())
	return nil
}

// writeKubeconfig writes a kubeconfig for the API server's privileged loopback identity (group
// system:masters), trusting the generated serving certificate's CA.
func writeKubeconfig(path string, server apiservertesting.TestServer) error {
	// The generated serving certificate file holds the certificate and then its CA.
	servingCert, err := os.ReadFile(filepath.Join(server.TmpDir, "apiserver.crt"))
	if err != nil {
		return err
	}
	host := server.ClientConfig.Host
	if !strings.HasPrefix(host, "https://") {
		host = "https://" + host
	}
	kubeconfig := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: vmnetdiag
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: admin
  user:
    token: %s
contexts:
- name: vmnetdiag
  context: {cluster: vmnetdiag, user: admin, namespace: default}
current-context: vmnetdiag
`, host, base64.StdEncoding.EncodeToString(servingCert), server.ClientConfig.BearerToken)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(kubeconfig), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// writeAuditPolicy writes a policy that records every request at the Metadata level when it is
// answered (a watch when it starts, and again when it ends).
func writeAuditPolicy(dir string) (string, error) {
	path := filepath.Join(dir, "audit-policy.yaml")
	policy := `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, Panic]
rules:
- level: Metadata
`
	return path, os.WriteFile(path, []byte(policy), 0o600)
}

// writeKubeletServingCert leaves a certificate and key (kubelet.crt, kubelet.key, PEM, PKCS#8) beside
// the kubeconfig, for a test's stand-in kubelet on 127.0.0.1: the API server reaches kubelets for pod
// logs, and (with no --kubelet-certificate-authority, as here) does not verify their certificates.
func writeKubeletServingCert(dir string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	template := x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "vmnetdiag-test-kubelet"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, &template, &template, &key.PublicKey, key)
	if err != nil {
		return err
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "kubelet.crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "kubelet.key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), 0o600)
}

func quietKlog() {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	_ = fs.Set("v", "0")
	_ = fs.Set("logtostderr", "false")
	_ = fs.Set("alsologtostderr", "false")
	_ = fs.Set("stderrthreshold", "FATAL")
	klog.SetOutput(io.Discard)
}
