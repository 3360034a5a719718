// pion: pkg/crypto/clientcertificate/client_certificate.go
// Package clientcertificate provides all the support Client Certificate types
#pragma once

#include <cstdint>
#include <map>

namespace dtls::pkg::crypto::clientcertificate {

// pion: pkg/crypto/clientcertificate/client_certificate.go Type
// Type is used to communicate what
// type of certificate is being transported
//
// https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-2
enum Type : std::uint8_t {
  // ClientCertificateType enums
  RSASign = 1,
  ECDSASign = 64,
};

// pion: pkg/crypto/clientcertificate/client_certificate.go Types
// Types returns all valid ClientCertificate Types
inline std::map<Type, bool> Types() {
  return std::map<Type, bool>{
      {RSASign, true},
      {ECDSASign, true},
  };
}

}  // namespace dtls::pkg::crypto::clientcertificate
